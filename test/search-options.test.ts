import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand, runLine, suggest } from '../src/commands/dispatch.js';
import { assembleBot } from '../src/core/bot.js';
import type { Paper } from '../src/core/paper.js';
import { plain, type Reply } from '../src/core/reply.js';
import { openLedger } from '../src/daily/ledger.js';
import { filterToken, parseFilters } from '../src/search/filters.js';
import { buildIndex } from '../src/search/paper-index.js';
import { openStore } from '../src/state/store.js';
import { contextFor, tempDir } from './support/bot.js';

const paper = (id: string, title: string, published: string, categories: string[], authors: string[]): Paper => ({
  id,
  title,
  abstract: `We study ${title.toLowerCase()} in detail.`,
  authors,
  published,
  categories,
  links: {},
  source: 'file',
});

const PAPERS = [
  paper('p1', 'Graph networks for molecules', '2016-05-01', ['cs.LG'], ['Yoshua Bengio']),
  paper('p2', 'Graph networks for proteins', '2018-03-01', ['q-bio.BM', 'cs.LG'], ['Ada Lovelace']),
  paper('p3', 'Graph networks for traffic', '2019-07-01', ['cs.AI'], ['Yoshua Bengio', 'Alan Turing']),
  paper('p4', 'Graph networks for text', '2017-11-01', ['cs.CL'], ['Alan Turing']),
  paper('p5', 'Graph networks for weather', '2021-02-01', ['cs.LG'], ['Ada Lovelace']),
  paper('p6', 'Sorting algorithms revisited', '2020-01-01', ['cs.DS'], ['Ada Lovelace']),
];

async function filterBot() {
  const dir = tempDir();
  const store = await openStore(join(dir, 'state.json'));
  const ledger = openLedger(join(dir, 'daily.db'));
  return assembleBot({ index: buildIndex(PAPERS), store, ledger, timezone: 'UTC', now: () => new Date() });
}

const ids = (reply: Reply) => (reply.kind === 'papers' ? reply.hits.map((hit) => hit.paper.id) : []);
const textOf = (reply: Reply) => ('text' in reply ? plain(reply.text) : '');

describe('search filters given by name (Discord options, shell flags)', () => {
  it('answers exactly as the same filters typed into the query, on every chat', async () => {
    const bot = await filterBot();
    for (const platform of ['console', 'discord', 'slack'] as const) {
      const context = contextFor(bot, { channel: { platform, id: 'C1' } });
      const named = await runCommand(
        'paper',
        { query: 'graph networks', since: 2018, category: 'cs.LG', sort: 'newest' },
        context,
      );
      expect(ids(named)).toEqual(['p5', 'p2']);
      expect(named).toEqual(await runLine('/paper graph networks since:2018 category:cs.LG sort:newest', context));
      expect(named).toMatchObject({
        heading: ['Papers for ', { untrusted: 'graph networks since:2018 category:cs.LG sort:newest' }],
      });
    }
  });

  it('reads each filter: a year range, an author of several names, relevance as no order at all', async () => {
    const context = contextFor(await filterBot());
    const search = (args: Record<string, unknown>) =>
      runCommand('paper', { query: 'graph networks', ...args }, context);
    expect(ids(await search({ year: '2017..2018' })).sort()).toEqual(['p2', 'p4']);
    expect(ids(await search({ year: '2019' }))).toEqual(['p3']);
    expect(ids(await search({ author: 'Yoshua Bengio' })).sort()).toEqual(['p1', 'p3']);
    expect(ids(await search({ author: 'Yoshua Bengio', since: '2019' }))).toEqual(['p3']);
    expect(ids(await search({}))).toHaveLength(5);
    expect(await search({ sort: 'relevance' })).toEqual(await search({}));
  });

  it('keeps the filters on the Next and Prev pages, in the query the buttons carry', async () => {
    const context = contextFor(await filterBot(), { pageSize: 1 });
    let reply = await runCommand('paper', { query: 'graph', since: 2017 }, context);
    expect(reply).toMatchObject({ total: 4, next: { command: 'paper', args: { query: 'graph since:2017', page: 2 } } });
    const seen = ids(reply);
    while (reply.kind === 'papers' && reply.next) {
      reply = await runCommand(reply.next.command, reply.next.args, context);
      expect(reply).toMatchObject({ prev: { args: { query: 'graph since:2017', page: seen.length } } });
      seen.push(...ids(reply));
    }
    expect(seen.sort()).toEqual(['p2', 'p3', 'p4', 'p5']);
  });

  it('still reads a line of filters alone as before: the papers they allow, newest first', async () => {
    const context = contextFor(await filterBot());
    expect(ids(await runLine('/paper since:2019', context))).toEqual(['p5', 'p6', 'p3']);
    expect(ids(await runLine('/paper cat:cs.LG', context))).toEqual(['p5', 'p2', 'p1']);
  });

  it('refuses a value that is no filter of its kind, naming it, with the usage a person types', async () => {
    const context = contextFor(await filterBot());
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ since: 1800 }, /^The since year must be from 1900 to 2100\.$/],
      [{ since: 'soon' }, /^The since year must be from 1900 to 2100\.$/],
      [{ year: 'last year' }, /^The year must be a year, e\.g\. 2018, or years, e\.g\. 2017\.\.2018\.$/],
      [{ category: 'machine learning!' }, /^The category is not an arXiv category, e\.g\. cs\.LG\.$/],
      [{ author: '   ' }, /^The author is not a name\.$/],
      [{ sort: 'oldest' }, /^The sort must be relevance or newest\.$/],
      [{ query: 'x'.repeat(295), category: 'cs.LG' }, /^The query with its filters is longer than 300 characters\.$/],
    ];
    for (const [args, message] of cases) {
      const reply = await runCommand('paper', { query: 'graph', ...args }, context);
      expect(reply.kind).toBe('error');
      expect(textOf(reply)).toMatch(message);
      expect(reply).toMatchObject({ usage: { usage: '/paper <query>', arguments: ['query'] } });
    }
  });

  it('keeps help and usage to what a line types: /paper <query>', async () => {
    const reply = await runLine('/help', contextFor(await filterBot(), { channel: { platform: 'slack', id: 'C1' } }));
    const entry = reply.kind === 'help' ? reply.commands.find((c) => c.name === 'paper') : undefined;
    expect(entry).toMatchObject({ usage: '/paper <query>', arguments: ['query'] });
  });

  it('suggests the categories the papers are in, those starting with what is typed first', async () => {
    const context = contextFor(await filterBot());
    const values = async (typed: string) => (await suggest('paper', 'category', typed, context)).map((s) => s.value);
    expect(await values('')).toEqual(['cs.LG', 'cs.AI', 'cs.CL', 'cs.DS', 'q-bio.BM']);
    expect(await values('cs.l')).toEqual(['cs.LG']);
    expect(await values('bm')).toEqual(['q-bio.BM']);
    expect(await values('math.CO')).toEqual(['math.CO']);
  });

  it('writes a filter given by name as the token that types it, read back as typed', () => {
    expect(filterToken('author', ' Yoshua  Bengio ')).toBe('author:Yoshua-Bengio');
    expect(filterToken('year', '2017 .. 2018')).toBe('year:2017..2018');
    expect(filterToken('sort', 'newest')).toBe('sort:newest');
    expect(filterToken('sort', 'relevance')).toBeUndefined();
    expect(filterToken('category', 'not a category!')).toBeUndefined();
    expect(parseFilters(`graph ${filterToken('author', 'Yoshua Bengio')}`)).toEqual(
      parseFilters('graph author:yoshua-bengio'),
    );
  });
});
