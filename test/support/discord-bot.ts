import type { RunningAdapter } from '../../adapters/running.js';
import { startPlatforms, stopAll } from '../../app/start.js';
import { type Bot, startBot } from '../../src/core/bot.js';
import { type Config, loadConfig } from '../../src/core/config.js';
import { tempDir } from './bot.js';
import { type FakeDiscord, startFakeDiscord } from './fake-discord.js';

export interface DiscordBot {
  readonly fake: FakeDiscord;
  readonly bot: Bot;
  readonly running: RunningAdapter[];
  stop(): Promise<void>;
}

/**
 * The bot started exactly as `npm start` starts it (configuration from the environment, then every configured
 * platform), on Discord only, against a local fake; `prepare` may fill its data folder first.
 */
export async function startDiscordBot(prepare?: (config: Config) => Promise<void>): Promise<DiscordBot> {
  const fake = await startFakeDiscord();
  const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DATA_DIR: tempDir() });
  await prepare?.(config);
  const bot = await startBot(config);
  const running = await startPlatforms(bot, config);
  return {
    fake,
    bot,
    running,
    async stop() {
      await stopAll(running);
      await fake.close();
    },
  };
}
