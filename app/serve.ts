import { runConsoleChat } from '../adapters/console/chat.js';
import { startBot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import { log } from '../src/core/log.js';
import { useFeeds } from './feeds.js';
import { setUpLogging } from './logging.js';
import { startPlatforms, stopAll } from './start.js';

const signalled = () =>
  new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

/**
 * `paperbot start`: the bot on every configured platform until a signal, or the console chat when none is;
 * `paperbot chat`: the console chat. Everything is on disk when it returns.
 */
export async function serve(mode: 'start' | 'chat'): Promise<void> {
  const config = loadConfig();
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  setUpLogging(config, 'info', interactive);
  const bot = await startBot(config);
  const platforms = mode === 'start' ? await startPlatforms(bot, config) : [];
  // A bot on a platform fetches (a paper named by id, say); the console chat stays offline.
  const refresh = useFeeds(bot, config, { online: platforms.length > 0, schedule: platforms.length > 0 });
  if (platforms.length > 0) {
    bot.daily.start();
    await signalled();
    log.info('shutting down');
    await refresh?.stop();
    await bot.daily.stop();
    await stopAll(platforms);
    await bot.store.flush();
    bot.ledger.close();
    return;
  }
  process.once('SIGTERM', () => process.stdin.destroy());
  await runConsoleChat(bot, { input: process.stdin, output: process.stdout, interactive });
  await refresh?.stop();
  bot.ledger.close();
  log.info('console chat closed');
}
