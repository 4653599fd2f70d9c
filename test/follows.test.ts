import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLine } from '../src/commands/dispatch.js';
import { plain, type Reply } from '../src/core/reply.js';
import { createChooser } from '../src/daily/choose.js';
import { followQuery } from '../src/ingest/sources/fetch.js';
import { parseFollow } from '../src/state/follow.js';
import { contextFor } from './support/bot.js';
import { botWithSources } from './support/bot-with-sources.js';
import { type FakePaper, type FakeSources, startFakeSources } from './support/fake-sources.js';

const NOW = new Date('2026-03-05T09:00:00Z');
const paper = (id: string, authors: string[], category: string, summary: string, day = '02'): FakePaper => ({
  id,
  title: `Paper ${id} on representation learning`,
  summary,
  authors,
  category,
  published: `2026-03-${day}T00:00:00Z`,
});
const PAPERS = [
  paper('2603.00001', ['Yoshua Bengio', 'Aaron Courville'], 'cs.LG', 'We study deep representations.', '01'),
  paper('2603.00002', ['Alice Martin', 'Y. Bengio'], 'cs.CV', 'Images, learned end to end.', '03'),
  paper('2603.00003', ['Samy Bengio'], 'cs.LG', 'Sequences with attention.', '02'),
  // Cites the name in its abstract only: never a paper "by" him.
  paper('2603.00004', ['Jane Doe'], 'cs.CL', 'Following Yoshua Bengio, we revisit word embeddings.', '04'),
  paper('2603.00005', ['John Roe'], 'cs.CV', 'Segmenting images with few labels.', '02'),
];

const textOf = (reply: Reply) => ('text' in reply ? plain(reply.text) : '');
const ids = (reply: Reply) => (reply.kind === 'papers' ? reply.hits.map((hit) => hit.paper.id) : []);

let sources: FakeSources;
beforeAll(async () => {
  sources = await startFakeSources();
  sources.publish(PAPERS);
});
afterAll(() => sources?.close());

describe('following authors and arXiv categories', () => {
  it('reads author:<name> and cat:<category> as follows of their own kind', () => {
    expect(parseFollow('author:Yoshua  Bengio')).toEqual({ kind: 'author', value: 'Yoshua Bengio' });
    expect(parseFollow('cat:cs.cv')).toEqual({ kind: 'category', value: 'cs.CV' });
    expect(parseFollow('Virtual Try-On')).toEqual({ kind: 'topic', value: 'virtual try-on' });
    expect(followQuery(parseFollow('author:Yoshua Bengio'))).toBe('au:"Yoshua Bengio"');
    expect(followQuery(parseFollow('cat:cs.CV'))).toBe('cat:cs.CV');
  });

  it('fetches them from arXiv, newest first, and matches them precisely in /paper new and the daily choice', async () => {
    const { bot, feeds } = await botWithSources(sources, () => NOW);
    const ctx = contextFor(bot);
    expect(textOf(await runLine('/subscribe author:Yoshua Bengio', ctx))).toMatch(/Subscribed .*Yoshua Bengio/);
    expect(textOf(await runLine('/subscribe cat:cs.cv', ctx))).toMatch(/Subscribed .*cs\.CV/);
    expect(textOf(await runLine('/subscribe author:yoshua bengio', ctx))).toMatch(/already follows/);
    await feeds.refresh();
    const searches = sources.searches();
    expect(searches).toContain('au:"Yoshua Bengio"');
    expect(searches).toContain('cat:cs.CV');
    const sorted = sources.requests.filter((r) => r.query.get('search_query')?.startsWith('au:'));
    expect(sorted[0]?.query.get('sortBy')).toBe('submittedDate');

    // "Y. Bengio" is Yoshua Bengio; Samy Bengio is not; a paper citing him in its abstract is not his.
    expect(ids(await runLine('/paper new author:Yoshua Bengio', ctx))).toEqual(['2603.00002', '2603.00001']);
    expect(ids(await runLine('/paper new author:Y. Bengio', ctx))).toEqual(['2603.00002', '2603.00001']);
    expect(ids(await runLine('/paper new cat:cs.CV', ctx))).toEqual(['2603.00002', '2603.00005']);

    const choose = createChooser(bot.index, NOW);
    const seen = new Set<string>();
    for (let day = 0; day < 3; day += 1) {
      const choice = choose(['author:Yoshua Bengio'], seen, []);
      if ('reason' in choice) break;
      seen.add(choice.paper.id);
    }
    expect([...seen].sort()).toEqual(['2603.00001', '2603.00002']);

    expect(textOf(await runLine('/subscriptions', ctx))).toMatch(
      /^This channel follows 1 author: Yoshua Bengio; 1 category: cs\.CV\. Daily paper/,
    );
    expect(textOf(await runLine('/unsubscribe author:Yoshua Bengio', ctx))).toMatch(/Unsubscribed/);
  });
});
