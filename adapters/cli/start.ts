import type { Bot } from '../../src/bot.js';
import type { Config } from '../../src/config.js';
import { startDiscord } from '../discord/client.js';
import type { RunningAdapter } from '../running.js';

/** Starts every platform whose token is configured; none means the console chat is the way in. */
export async function startPlatforms(bot: Bot, config: Config): Promise<RunningAdapter[]> {
  const running: RunningAdapter[] = [];
  try {
    if (config.DISCORD_TOKEN) {
      running.push(await startDiscord(bot, { token: config.DISCORD_TOKEN, ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}) }));
    }
  } catch (error) {
    await stopAll(running);
    throw error;
  }
  return running;
}

export async function stopAll(running: readonly RunningAdapter[]): Promise<void> {
  await Promise.allSettled(running.map((adapter) => adapter.stop()));
}
