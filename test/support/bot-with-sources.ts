import { type Bot, startBot } from '../../src/core/bot.js';
import { type Config, endpointsOf, loadConfig } from '../../src/core/config.js';
import { createFeeds, type FeedsOptions } from '../../src/ingest/feeds.js';
import { sourceClients } from '../../src/ingest/refresh.js';
import type { Library } from '../../src/library/library.js';
import { indexLibrary } from '../../src/search/paper-index.js';
import { tempDir } from './bot.js';
import type { FakeSources } from './fake-sources.js';

/** A bot on a fresh data folder whose feeds fetch from the arXiv and Hugging Face stand-ins at once (no 3 s pace). */
export async function botWithSources(sources: FakeSources, now: () => Date, env: Record<string, string> = {}) {
  const config = loadConfig({
    DATA_DIR: tempDir(),
    ARXIV_API_URL: sources.arxivApiUrl,
    HF_API_URL: sources.hfApiUrl,
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
    ...env,
  });
  const bot = await startBot(config, now);
  const feeds = instantFeeds(bot, config, { sources: [{ kind: 'hf' }] });
  bot.useFeeds(feeds);
  return { bot, feeds, config };
}

/**
 * A bot's feeds as a start makes them (a new index on each change, the bot's clock) but fetching at once, with no
 * 3 s pace; `options` replaces any part of that.
 */
export function instantFeeds(bot: Bot & { library: Library }, config: Config, options: Partial<FeedsOptions> = {}) {
  const endpoints = endpointsOf(config);
  return createFeeds({
    library: bot.library,
    store: bot.store,
    endpoints,
    clients: sourceClients(endpoints, { arxivIntervalMs: 0 }),
    sources: [],
    onChange: () => bot.useIndex(indexLibrary(bot.library)),
    now: () => bot.now().getTime(),
    ...options,
  });
}
