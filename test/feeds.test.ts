import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { runLine } from '../src/commands/dispatch.js';
import { findPaper } from '../src/commands/find-paper.js';
import { startBot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import { subscribe } from '../src/state/subscriptions.js';
import { channel, contextFor, tempDir } from './support/bot.js';
import { instantFeeds } from './support/bot-with-sources.js';
import { type Answer, startFixtureServer } from './support/fixture-server.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/captured/${name}`, import.meta.url), 'utf8');
const atom = (name: string, status = 200): Answer => ({
  status,
  body: fixture(name),
  headers: { 'Content-Type': 'application/atom+xml' },
});

/** A bot on a fresh data folder whose feeds fetch from a local stand-in for arXiv answering `answers` in turn. */
async function botWithFeeds(answers: Answer[]) {
  const server = await startFixtureServer({ '/api/query': answers });
  const config = loadConfig({
    DATA_DIR: tempDir(),
    ARXIV_API_URL: `${server.url}/api/query`,
    CONTACT: 'team@example.org',
  });
  const bot = await startBot(config);
  const feeds = instantFeeds(bot, config);
  bot.useFeeds(feeds);
  return { bot, feeds, server };
}

describe('fresh papers for followed topics', () => {
  it('backfills a newly followed topic the library lacks, once per interval', async () => {
    const { bot, feeds, server } = await botWithFeeds([atom('arxiv-api-query.atom.xml')]);
    try {
      expect(bot.index.search('software testing').hits.map((hit) => hit.paper.title)).not.toContain(
        'Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques',
      );
      await subscribe(bot.store, channel, 'software testing', bot.now());
      expect(await feeds.backfill('software testing')).toMatchObject({ added: 10 });
      const titles = bot.index.search('software testing').hits.map((hit) => hit.paper.title);
      expect(titles).toContain(
        'Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques',
      );

      const [request] = server.requests;
      expect(request?.query.get('search_query')).toBe('all:"software testing"');
      expect(request?.query.get('sortBy')).toBe('submittedDate');
      expect(request?.userAgent).toContain('team@example.org');
      // Spelled another way, it is the same topic, fetched moments ago.
      expect(await feeds.backfill('Software Testing')).toBe('recent');
      expect(await feeds.refresh()).toEqual(new Map());
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('/subscribe to a topic the library lacks says it is fetching, and /paper then finds its papers', async () => {
    const { bot, server } = await botWithFeeds([atom('arxiv-api-query.atom.xml')]);
    try {
      const reply = await runLine('/subscribe software testing', contextFor(bot));
      expect(JSON.stringify(reply)).toContain('fetching the newest arXiv papers');
      await vi.waitFor(() => expect(server.requests).toHaveLength(1));
      await vi.waitFor(async () => {
        const found = await runLine('/paper software testing', contextFor(bot));
        expect(found.kind === 'papers' && found.hits[0]?.paper.title).toMatch(/Testing/);
      });
    } finally {
      await server.close();
    }
  });

  it('asks arXiv for every spelling of a hyphenated topic', async () => {
    const { feeds, server } = await botWithFeeds([atom('arxiv-api-empty.atom.xml')]);
    try {
      await feeds.backfill('virtual try-on');
      expect(server.requests[0]?.query.get('search_query')).toBe(
        'all:"virtual try-on" OR all:"virtual try on" OR all:"virtual tryon"',
      );
    } finally {
      await server.close();
    }
  });

  it('keeps what it has when arXiv rejects a topic, and fetches the other topics', async () => {
    const { bot, feeds, server } = await botWithFeeds([
      atom('arxiv-api-error-400.atom.xml', 400),
      atom('arxiv-api-query.atom.xml'),
    ]);
    try {
      await subscribe(bot.store, channel, 'first topic', bot.now());
      await subscribe(bot.store, { platform: 'slack', id: 'C1' }, 'software testing', bot.now());
      const before = bot.library.count();
      const results = await feeds.refresh();
      expect(results.get('topic:first topic')).toBeInstanceOf(Error);
      expect(results.get('topic:software testing')).toMatchObject({ added: 10 });
      expect(bot.library.count()).toBe(before + 10);
    } finally {
      await server.close();
    }
  });
});

describe('a long refresh', () => {
  it('makes what came in searchable on the way, not only at the end', async () => {
    const server = await startFixtureServer({
      '/api/query': [atom('arxiv-api-query.atom.xml'), atom('arxiv-api-empty.atom.xml')],
    });
    try {
      const config = loadConfig({ DATA_DIR: tempDir(), ARXIV_API_URL: `${server.url}/api/query` });
      const bot = await startBot(config);
      for (const [i, topic] of ['software testing', 'fuzzing', 'program repair'].entries())
        await subscribe(bot.store, { platform: 'slack', id: `C${i}` }, topic, bot.now());
      // arXiv's pace: each request takes minutes of the refresh's clock.
      let clock = Date.parse('2026-06-15T09:00:00Z');
      const swapsAfter: number[] = [];
      const feeds = instantFeeds(bot, config, {
        onChange: () => swapsAfter.push(server.requests.length),
        now: () => (clock += 60_000),
      });
      await feeds.refresh();
      expect(server.requests).toHaveLength(3);
      expect(swapsAfter[0]).toBeLessThan(3);
    } finally {
      await server.close();
    }
  });
});

describe('papers named by id or link', () => {
  it('finds a paper in the library by any form of its id, without asking arXiv', async () => {
    const { bot, feeds, server } = await botWithFeeds([atom('arxiv-api-query.atom.xml')]);
    try {
      await feeds.backfill('software testing');
      for (const form of [
        '2202.12139',
        '2202.12139v1',
        'arXiv:2202.12139',
        'https://arxiv.org/abs/2202.12139v1',
        'https://arxiv.org/pdf/2202.12139',
        'https://huggingface.co/papers/2202.12139',
      ]) {
        const found = await findPaper(bot.index, bot.feeds, form);
        expect(found.status === 'found' && found.paper.id).toBe('2202.12139');
      }
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('fetches a paper the library lacks by id, and says when arXiv has no such paper', async () => {
    const { bot, server } = await botWithFeeds([atom('arxiv-api-query.atom.xml'), atom('arxiv-api-empty.atom.xml')]);
    try {
      const found = await findPaper(bot.index, bot.feeds, 'https://arxiv.org/abs/2202.12139');
      expect(found.status === 'found' && found.paper.title).toMatch(/^Testing Deep Learning Models/);
      expect(server.requests[0]?.query.get('id_list')).toBe('2202.12139');
      expect(bot.index.get('2202.12139')?.id).toBe('2202.12139');
      expect(await findPaper(bot.index, bot.feeds, '2612.99999')).toEqual({
        status: 'unknown-id',
        id: '2612.99999',
        offline: false,
      });
    } finally {
      await server.close();
    }
  });
});
