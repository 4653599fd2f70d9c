import type { ScheduledTask } from 'node-cron';
import { runConsoleChat } from '../adapters/console/chat.js';
import { startBot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import { log } from '../src/core/log.js';
import { indexLibrary } from '../src/search/paper-index.js';
import { ensureDataDir } from '../src/state/data-dir.js';
import { useFeeds } from './feeds.js';
import { setUpLogging } from './logging.js';
import { runScheduled } from './scheduled.js';
import { startPlatforms, stopAll } from './start.js';

const signalled = () =>
  new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

/** Stops the scheduled refresh when start-up fails, so the process can end. */
const stopping =
  (refresh: ScheduledTask | undefined) =>
  async (error: unknown): Promise<never> => {
    await refresh?.stop();
    throw error;
  };

/**
 * `paperbot start`: the bot on every configured platform until a signal, or the console chat when none is;
 * `paperbot chat`: the console chat. Everything is on disk when it returns.
 */
export async function serve(mode: 'start' | 'chat'): Promise<void> {
  const config = loadConfig();
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  // Before the log, which goes to DATA_DIR/paperbot.log while chatting in a terminal.
  if (interactive) await ensureDataDir(config.DATA_DIR);
  setUpLogging(config, 'info', interactive);
  const online = mode === 'start' && Boolean(config.DISCORD_TOKEN || config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID);
  // A bot on a platform searches in worker threads, so its event loop is free to acknowledge interactions.
  const bot = await startBot(config, undefined, { searchWorkers: online });
  // A bot on a platform fetches (a paper named by id, say); the console chat stays offline. Its feeds come first:
  // one platform takes commands (/subscribe fetches the topic) while the next is still connecting.
  const refresh = useFeeds(bot, config, { online, schedule: online });
  const platforms = mode === 'start' ? await startPlatforms(bot, config).catch(stopping(refresh)) : [];
  // With DATABASE_URL, papers other instances ingested reach this one's search index every PAPER_SYNC_SECONDS.
  const stopSync = bot.paperSync?.every(config.PAPER_SYNC_SECONDS * 1000, () =>
    bot.useIndex(indexLibrary(bot.library)),
  );
  if (platforms.length > 0) {
    const stopScheduled = runScheduled(bot, config, refresh);
    await signalled();
    log.info('shutting down');
    stopSync?.();
    await stopScheduled();
    await stopAll(platforms);
    await bot.stopSearch();
    await bot.store.flush();
    bot.ledger.close();
    await bot.shared?.close();
    return;
  }
  process.once('SIGTERM', () => process.stdin.destroy());
  await runConsoleChat(bot, { input: process.stdin, output: process.stdout, interactive });
  await refresh?.stop();
  stopSync?.();
  await bot.stopSearch();
  bot.ledger.close();
  await bot.shared?.close();
  log.info('console chat closed');
}
