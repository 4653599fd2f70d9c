import { Client, DiscordAPIError, Events, GatewayIntentBits } from 'discord.js';
import type { Bot } from '../../src/core/bot.js';
import { StartupError } from '../../src/core/errors.js';
import { log } from '../../src/core/log.js';
import type { RunningAdapter } from '../running.js';
import { handleInteraction } from './interactions.js';
import { discordSender } from './sender.js';

export interface DiscordOptions {
  readonly token: string;
  /** discord.js's REST base (`rest.api`); Discord's own when unset. */
  readonly apiUrl?: string;
}

/** Logs in to the gateway (Guilds intent only: slash commands need no privileged intent) and answers interactions. */
export async function startDiscord(bot: Bot, options: DiscordOptions): Promise<RunningAdapter> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
  });
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(bot, interaction));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ discord: message }, 'discord warning'));
  client.rest.on('rateLimited', (info) =>
    log.warn({ route: info.route, retryAfter: info.retryAfter }, 'discord rate limit'),
  );

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(options.token);
  } catch (error) {
    await client.destroy();
    const rejected =
      (error as { code?: string }).code === 'TokenInvalid' ||
      (error instanceof DiscordAPIError && error.status === 401);
    throw new StartupError(
      rejected
        ? 'Discord rejected DISCORD_TOKEN; copy the bot token again from the developer portal'
        : `cannot connect to Discord: ${(error as Error).message}`,
    );
  }
  await ready;
  bot.daily.useSender('discord', discordSender(client.rest, bot));
  log.info({ user: client.user?.tag }, 'discord connected');
  return {
    name: 'discord',
    async stop() {
      await client.destroy();
      log.info('discord disconnected');
    },
  };
}
