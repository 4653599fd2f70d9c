import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAdapter } from '../adapters/running.js';
import { startPlatforms, stopAll } from '../app/start.js';
import { assembleBot, type Bot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import type { Paper } from '../src/core/paper.js';
import { openLedger } from '../src/daily/ledger.js';
import { type Library, openLibrary } from '../src/library/library.js';
import { indexLibrary } from '../src/search/paper-index.js';
import { createSearcher, inThread, type Searcher } from '../src/search/searcher.js';
import { openStore } from '../src/state/store.js';
import { tempDir } from './support/bot.js';
import { type FakeDiscord, startFakeDiscord } from './support/fake-discord.js';
import { type FakeSlack, slashCommand, startFakeSlack } from './support/fake-slack.js';
import { seeds } from './support/seeds.js';
import { postSigned } from './support/slack-http.js';

// Bounds the waits for answers (a worker's start under a busy machine); nothing is timed against them.
const SLOW = 20_000;
const entries = (papers: readonly Paper[]) => papers.map((paper) => ({ paper, updateOnly: false }));

function seedLibrary(): Library {
  const library = openLibrary(join(tempDir(), 'papers.db'));
  library.ingest(entries(seeds().papers), 0);
  return library;
}

describe('search in worker threads', () => {
  let library: Library;
  let pooled: Searcher;
  const index = () => indexLibrary(library);

  beforeAll(() => {
    library = seedLibrary();
    pooled = createSearcher(index, { file: library.file, threads: 1 });
  });
  afterAll(() => pooled.close());

  it('gives exactly what the same search gives in this thread', async () => {
    const here = inThread(index);
    const paper = seeds().papers[0]!;
    for (const query of ['virtual try-on', 'stylgan inversoin', 'LaDI-VTON', 'text-to-image edi', 'zzzz']) {
      expect(await pooled.run('search', query, { limit: 5 }), query).toEqual(await here('search', query, { limit: 5 }));
    }
    const question = 'How many GAN architectures does StudioGAN support?';
    expect(await pooled.run('answer', question)).toEqual(await here('answer', question));
    expect(await pooled.run('similar', paper, { limit: 5 })).toEqual(await here('similar', paper, { limit: 5 }));
    expect(await pooled.run('resolve', 'hyperstyle')).toEqual(await here('resolve', 'hyperstyle'));
    const follow = { kind: 'topic', value: 'virtual try-on' } as const;
    const followed = await pooled.run('follow', follow, 50, true);
    expect(followed.length).toBeGreaterThan(0);
    expect(followed).toEqual(await here('follow', follow, 50, true));
  });

  it('sees papers ingested after the workers started', async () => {
    const paper: Paper = {
      ...seeds().papers[0]!,
      id: 'quokka-networks-2099',
      title: 'Quokka Networks for Marsupial Detection',
      abstract: 'We detect quokkas in the wild.',
    };
    expect((await pooled.run('search', 'quokka marsupial')).total).toBe(0);
    library.ingest(entries([paper]), 1);
    const titles = (await pooled.run('search', 'quokka marsupial')).hits.map((hit) => hit.paper.title);
    expect(titles).toEqual([paper.title]);
  });
});

describe('while a search holds the worker, the adapters still acknowledge', () => {
  const gate = join(tempDir(), 'open');
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let bot: Bot;
  let running: RunningAdapter[];
  let slackUrl: string;
  const secret = 'test-signing-secret';

  beforeAll(async () => {
    // The worker's threads read this when they start: every search waits until the file exists.
    process.env.PAPERBOT_TEST_GATE = gate;
    discord = await startFakeDiscord();
    slack = await startFakeSlack();
    const library = seedLibrary();
    const dir = tempDir();
    bot = assembleBot({
      index: indexLibrary(library),
      store: await openStore(join(dir, 'state.json')),
      ledger: openLedger(join(dir, 'daily.db')),
      timezone: 'UTC',
      now: () => new Date(),
      searchPool: {
        file: library.file,
        threads: 1,
        worker: new URL('./support/held-search-worker.ts', import.meta.url),
      },
    });
    const config = loadConfig({
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      DATA_DIR: dir,
    });
    running = await startPlatforms(bot, config);
    const port = running.map((r) => (r as { port?: number }).port).find(Boolean);
    slackUrl = `http://127.0.0.1:${port}/slack/events`;
  });

  afterAll(async () => {
    writeFileSync(gate, '');
    await stopAll(running ?? []);
    await bot?.stopSearch();
    await discord?.close();
    await slack?.close();
    delete process.env.PAPERBOT_TEST_GATE;
  });

  it('defers a Discord search, answers /help and acks Slack at once, then delivers the searches', async () => {
    const search = discord.command('paper', [{ name: 'query', value: 'virtual try-on' }]);
    const first = await discord.send(search);
    expect(first.body.type).toBe(5); // deferred: the search is still held in the worker
    // The event loop is free: a second search is deferred too, a command without search is answered outright,
    // and Slack gets its acknowledgement.
    const second = discord.command('ask', [{ name: 'question', value: 'What is virtual try-on?' }]);
    expect((await discord.send(second)).body.type).toBe(5);
    expect((await discord.send(discord.command('help'))).body.type).toBe(4);
    // A button that searches (Next page) is acknowledged at once too, as an update of its message.
    const next = discord.button('pb:paper{"query":"style transfer","page":2}', discord.messageFrom({}));
    expect((await discord.send(next)).body.type).toBe(6);
    const ack = await postSigned(slackUrl, secret, slashCommand('style transfer', slack.responseUrl()));
    expect(ack.status).toBe(200);
    expect(slack.calls.some((call) => call.method === 'chat.postMessage')).toBe(false);

    writeFileSync(gate, '');
    const edited = (id: string) => (r: { method: string; path: string }) =>
      r.method === 'PATCH' && r.path.includes(`/interaction-token-${id}/messages/@original`);
    expect((await discord.waitFor(edited(search.id), SLOW)).body.content).toMatch(/^\*\*Papers for “virtual try-on”/);
    expect((await discord.waitFor(edited(second.id), SLOW)).body.embeds.length).toBeGreaterThan(0);
    expect((await discord.waitFor(edited(next.id), SLOW)).body.embeds.length).toBeGreaterThan(0);
    await slack.until(() => slack.calls.some((call) => call.method === 'chat.postMessage'), SLOW);
  });
});
