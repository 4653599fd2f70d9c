import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { Bot } from '../../src/core/bot.js';
import { ChannelGoneError } from '../../src/core/errors.js';
import type { Sender } from '../../src/daily/service.js';
import { encodeAction } from './custom-id.js';
import { renderReply } from './render.js';

// Unknown Channel, Missing Access, Missing Permissions: nothing changes until someone fixes the channel.
const GONE_CODES = new Set([10003, 50001, 50013]);

/**
 * Posts daily papers through Discord's REST API (discord.js queues requests per route and waits out
 * 429s). The post's claim is sent as an enforced nonce, so a resend after a crash within minutes
 * returns the message already created instead of a second one.
 */
export function discordSender(rest: REST, bot: Bot): Sender {
  return {
    async send(post) {
      const message = await renderReply(post.reply, (action) => encodeAction(bot, action));
      try {
        const created = (await rest.post(Routes.channelMessages(post.channelId), {
          body: {
            content: message.content,
            embeds: message.embeds,
            components: message.components,
            allowed_mentions: { parse: [] },
            nonce: post.claim,
            enforce_nonce: true,
          },
        })) as { id: string };
        return { messageId: created.id };
      } catch (error) {
        if (error instanceof DiscordAPIError && GONE_CODES.has(Number(error.code))) {
          throw new ChannelGoneError(`Discord ${error.code}: ${error.message}`);
        }
        throw error;
      }
    },
  };
}
