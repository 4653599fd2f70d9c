import type { Bot } from '../../src/bot.js';
import type { Config } from '../../src/config.js';
import { startDiscord } from '../discord/client.js';
import type { RunningAdapter } from '../running.js';
import { startSlack } from '../slack/app.js';

/** Starts every platform whose token is configured; none means the console chat is the way in. */
export async function startPlatforms(bot: Bot, config: Config): Promise<RunningAdapter[]> {
  const running: RunningAdapter[] = [];
  try {
    if (config.DISCORD_TOKEN) {
      running.push(await startDiscord(bot, { token: config.DISCORD_TOKEN, ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}) }));
    }
    if (config.SLACK_BOT_TOKEN) {
      running.push(await startSlack(bot, {
        botToken: config.SLACK_BOT_TOKEN,
        ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
        ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
        ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
        port: config.PORT,
        subscribeAllowed: config.SLACK_SUBSCRIBE_ALLOWED,
      }));
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
