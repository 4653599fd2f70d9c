import type { ScheduledTask } from 'node-cron';
import type { Bot } from '../src/core/bot.js';
import { type Config, endpointsOf } from '../src/core/config.js';
import { log } from '../src/core/log.js';
import { createFeeds } from '../src/ingest/feeds.js';
import { type SourceSpec, scheduleRefresh, sourceClients } from '../src/ingest/refresh.js';
import type { Library } from '../src/library/library.js';
import { indexLibrary } from '../src/search/paper-index.js';

/**
 * Where this process gets fresh papers. Online (a bot on a platform, a one-shot command) it fetches by default:
 * Hugging Face Daily Papers, the followed topics and named papers from arXiv, INGEST_SOURCES too. The console
 * chat stays offline unless INGEST_SOURCES asks; `INGEST_SOURCES=none` turns all fetching off.
 */
function sourcesFor(config: Config, online: boolean): SourceSpec[] | undefined {
  const extra = config.INGEST_SOURCES;
  if (extra === 'none') return undefined;
  if (!online) return extra?.length ? extra : undefined;
  return [{ kind: 'hf' }, ...(extra ?? []).filter((spec) => spec.kind !== 'hf')];
}

/** Gives the bot its feeds; with `schedule`, refreshes them on INGEST_CRON and returns the task. */
export function useFeeds(
  bot: Bot & { library: Library },
  config: Config,
  options: { online: boolean; schedule: boolean },
): ScheduledTask | undefined {
  const sources = sourcesFor(config, options.online);
  if (!sources) return undefined;
  const endpoints = endpointsOf(config);
  const feeds = createFeeds({
    library: bot.library,
    store: bot.store,
    endpoints,
    clients: sourceClients(endpoints),
    sources,
    onChange: () => bot.useIndex(indexLibrary(bot.library)),
    now: () => bot.now().getTime(),
  });
  bot.useFeeds(feeds);
  if (!options.schedule) return undefined;
  log.info({ sources: sources.length, cron: config.INGEST_CRON }, 'scheduled refresh on: sources and followed topics');
  return scheduleRefresh(config.INGEST_CRON, () => feeds.refresh());
}
