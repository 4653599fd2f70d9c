import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../src/commands/dispatch.js';
import { assembleBot } from '../src/core/bot.js';
import { plain, type Reply } from '../src/core/reply.js';
import { openLedger } from '../src/daily/ledger.js';
import { openStore } from '../src/state/store.js';
import { zoteroClient } from '../src/team/zotero.js';
import { contextFor, tempDir } from './support/bot.js';
import { startFakeZotero } from './support/fake-zotero.js';
import { captureLog } from './support/log-records.js';
import { seeds } from './support/seeds.js';

let fake: Awaited<ReturnType<typeof startFakeZotero>>;
beforeEach(async () => {
  fake = await startFakeZotero();
});
afterEach(async () => {
  await fake.close();
});

const waits: number[] = [];
const client = (apiKey = fake.apiKey) =>
  zoteroClient({
    apiUrl: fake.apiUrl,
    apiKey,
    library: fake.library,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });

async function botWith(zotero: ReturnType<typeof client>) {
  const dir = tempDir();
  const store = await openStore(`${dir}/state.json`);
  const ledger = openLedger(`${dir}/daily.db`);
  return assembleBot({ index: seeds().index, store, ledger, timezone: 'UTC', now: () => new Date(), zotero });
}

const textOf = (reply: Reply) => ('text' in reply ? plain(reply.text) : '');
const arxivPaper = {
  ...seeds().papers[0]!,
  arxivId: '2401.01234',
  authors: ['Ada King Lovelace', 'Jörg Müller'],
  doi: '10.1000/182',
  published: '2024-01-03',
};

describe('Zotero sync, against a local Zotero Web API', () => {
  it('creates a saved paper as a preprint item, with the API version, key and a write token', async () => {
    const bot = await botWith(client());
    const paper = seeds().papers[1]!;
    const reply = await runCommand('save', { paper: paper.id }, contextFor(bot, { user: 'U1' }));
    expect(textOf(reply)).toMatch(/^Saved .*\. Added to Zotero \(users\/475425\) too\.$/);
    const [post] = fake.requests.filter((r) => r.method === 'POST');
    expect(post!.path).toBe('/users/475425/items');
    expect(post!.headers['zotero-api-version']).toBe('3');
    expect(post!.headers['zotero-api-key']).toBe(fake.apiKey);
    expect(post!.headers['zotero-write-token']).toMatch(/^[0-9a-f]{32}$/);
    expect(post!.body).toEqual([
      expect.objectContaining({
        itemType: 'preprint',
        title: paper.title,
        creators: expect.any(Array),
        abstractNote: paper.abstract,
      }),
    ]);
    expect(bot.readingList.get('discord:123', paper.id)?.zoteroKey).toBe(fake.items[0]!.key);
    // Saved again: already in Zotero, nothing sent.
    await runCommand('save', { paper: paper.id }, contextFor(bot));
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('fills the preprint fields from an arXiv paper', async () => {
    const outcome = await client().addPaper(arxivPaper, 'a'.repeat(32));
    expect(outcome).toEqual({ status: 'saved', key: fake.items[0]!.key });
    expect(fake.requests[0]!.body[0]).toMatchObject({
      archiveID: 'arXiv:2401.01234',
      repository: 'arXiv',
      url: 'https://arxiv.org/abs/2401.01234',
      DOI: '10.1000/182',
      date: '2024-01-03',
    });
    const words = arxivPaper.authors![0]!.split(' ');
    expect(fake.requests[0]!.body[0].creators[0]).toEqual({
      creatorType: 'author',
      firstName: words.slice(0, -1).join(' '),
      lastName: words.at(-1),
    });
  });

  it('sends the library version it knows; on 412 it re-reads Last-Modified-Version and tries once more', async () => {
    const zotero = client();
    await zotero.addPaper(arxivPaper, '1'.repeat(32));
    fake.bump(); // someone else wrote to the library meanwhile
    const outcome = await zotero.addPaper({ ...arxivPaper, id: '2401.05555' }, '2'.repeat(32));
    expect(outcome.status).toBe('saved');
    const posts = fake.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.headers['if-unmodified-since-version'])).toEqual([undefined, '101', '102']);
    expect(posts[1]!.headers['zotero-write-token']).toBe(posts[2]!.headers['zotero-write-token']);
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    expect(fake.items).toHaveLength(2);
  });

  it('waits out 429 and 503 as Retry-After or Backoff asks, then creates the item once', async () => {
    waits.length = 0;
    fake.answer(429, { 'Retry-After': '2' });
    fake.answer(503, { Backoff: '3' });
    const outcome = await client().addPaper(arxivPaper, '3'.repeat(32));
    expect(outcome.status).toBe('saved');
    expect(waits.slice(0, 2)).toEqual([2000, 3000]);
    expect(fake.items).toHaveLength(1);
  });

  it('tells the chat in one line when Zotero refuses the key, logs it, and keeps the save', async () => {
    const bot = await botWith(client('wrong-key'));
    const paper = seeds().papers[2]!;
    const logs = captureLog();
    const reply = await runCommand('save', { paper: paper.id }, contextFor(bot));
    expect(textOf(reply)).toMatch(
      /^Saved .* to this channel's reading list\. Zotero refused the key \(Forbidden\): check ZOTERO_API_KEY and that it may write to users\/475425\. The paper is saved here all the same\.$/,
    );
    expect(textOf(reply).split('\n')).toHaveLength(1);
    expect(logs.records.some((r) => /zotero refused the key/.test(String(r.msg)))).toBe(true);
    logs.stop();
    expect(bot.readingList.get('discord:123', paper.id)).toMatchObject({ paperId: paper.id, zoteroKey: null });
    expect(fake.items).toEqual([]);
  });
});
