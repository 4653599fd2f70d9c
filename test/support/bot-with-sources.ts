import { startBot } from '../../src/core/bot.js';
import { endpointsOf, loadConfig } from '../../src/core/config.js';
import { createFeeds } from '../../src/ingest/feeds.js';
import { sourceClients } from '../../src/ingest/refresh.js';
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
  const endpoints = endpointsOf(config);
  const feeds = createFeeds({
    library: bot.library,
    store: bot.store,
    endpoints,
    clients: sourceClients(endpoints, { arxivIntervalMs: 0 }),
    sources: [{ kind: 'hf' }],
    onChange: () => bot.useIndex(indexLibrary(bot.library)),
    now: () => bot.now().getTime(),
  });
  bot.useFeeds(feeds);
  return { bot, feeds, config };
}
