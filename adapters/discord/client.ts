import { Client, DiscordAPIError, Events, GatewayIntentBits } from 'discord.js';
import type { Bot } from '../../src/core/bot.js';
import { StartupError } from '../../src/core/errors.js';
import { log } from '../../src/core/log.js';
import type { RunningAdapter } from '../running.js';
import { handleInteraction } from './interactions.js';
import { answerPaperLinks } from './link-cards.js';
import { restOptions } from './rest.js';
import { discordSender } from './sender.js';
import type { Sharding } from './shards.js';

export interface DiscordOptions {
  readonly token: string;
  /** discord.js's REST base (`rest.api`); Discord's own when unset. */
  readonly apiUrl?: string;
  /** Answer messages holding paper links with the paper's card (DISCORD_LINK_CARDS=on). */
  readonly linkCards?: boolean;
  /** The gateway shards this process connects (DISCORD_SHARDS, DISCORD_SHARD_IDS); one when unset. */
  readonly sharding?: Sharding;
}

/**
 * Logs in to the gateway and answers interactions. Slash commands need the Guilds intent only; link cards also
 * read messages, which takes the privileged Message Content intent, so it is asked for only when they are on.
 */
export async function startDiscord(bot: Bot, options: DiscordOptions): Promise<RunningAdapter> {
  const client = new Client({
    intents: options.linkCards
      ? [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent]
      : [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...options.sharding,
    rest: restOptions(options.apiUrl),
  });
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(bot, interaction));
  if (options.linkCards) client.on(Events.MessageCreate, (message) => void answerPaperLinks(bot, message));
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
  // Every shard's interactions reach the one handler above; daily posts go over REST, whichever shard has the server.
  log.info({ user: client.user?.tag, shards: [...client.ws.shards.keys()] }, 'discord connected');
  return {
    name: 'discord',
    async stop() {
      await client.destroy();
      log.info('discord disconnected');
    },
  };
}
