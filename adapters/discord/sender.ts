import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { Bot } from '../../src/core/bot.js';
import { ChannelGoneError } from '../../src/core/errors.js';
import type { OutgoingDigest, OutgoingNotice, OutgoingPost, Sender } from '../../src/daily/service.js';
import { encodeAction } from './custom-id.js';
import { truncate } from './escape.js';
import { LIMITS } from './limits.js';
import { type DiscordMessage, renderReply } from './render.js';

// Unknown Channel, Missing Access, Missing Permissions: nothing changes until someone fixes the channel.
const GONE_CODES = new Set([10003, 50001, 50013]);
// How far back to look for a post an earlier attempt may have made (Discord's most per page).
const HISTORY_LIMIT = 100;

interface ListedMessage {
  readonly id: string;
  readonly author: { readonly id: string };
  readonly embeds?: readonly { readonly footer?: { readonly text?: string } }[];
}

/** What the post's embed footer says, so the channel's history shows which day's post a message is. */
export const dailyMark = (localDate: string) => `daily paper ${localDate}`;
/** The mark a post's footer ends with: its day's, or (a weekly digest) its week's. */
const markOf = (post: OutgoingPost | OutgoingNotice | OutgoingDigest) =>
  post.reply.kind === 'digest' ? `weekly digest ${post.localDate}` : dailyMark(post.localDate);

/** The post with its first embed's footer marked for its day or week (a notice is never resent, so never looked for). */
function marked(message: DiscordMessage, post: OutgoingPost | OutgoingNotice | OutgoingDigest): DiscordMessage {
  const [first, ...rest] = message.embeds;
  if (!first || post.reply.kind === 'notice') return message;
  const mark = markOf(post);
  // The mark ends the footer whole: it is what the history check looks for.
  const before = first.footer?.text ? `${truncate(first.footer.text, LIMITS.footer - mark.length - 3)} · ` : '';
  return { ...message, embeds: [{ ...first, footer: { text: before + mark } }, ...rest] };
}

const goneOrThrow = (error: unknown): never => {
  if (error instanceof DiscordAPIError && GONE_CODES.has(Number(error.code))) {
    throw new ChannelGoneError(`Discord ${error.code}: ${error.message}`);
  }
  throw error;
};

/**
 * Posts daily papers through Discord's REST API (discord.js queues requests per route and waits out 429s).
 * The post's claim is sent as an enforced nonce, so the REST client's own quick resends return the message
 * already created. Discord forgets a nonce within minutes, so a resend after a crash first looks through the
 * channel's recent messages for this bot's post of the day (Read Message History; a bot always sees the
 * content of its own messages).
 */
export function discordSender(rest: REST, bot: Bot): Sender {
  let me: Promise<string> | undefined;
  const myId = () => (me ??= (rest.get(Routes.user()) as Promise<{ id: string }>).then((user) => user.id));

  async function alreadyPosted(post: OutgoingPost | OutgoingNotice | OutgoingDigest): Promise<string | undefined> {
    const query = new URLSearchParams({ limit: String(HISTORY_LIMIT) });
    const [self, messages] = await Promise.all([
      myId(),
      rest.get(Routes.channelMessages(post.channelId), { query }) as Promise<ListedMessage[]>,
    ]);
    const mark = markOf(post);
    return messages.find((m) => m.author.id === self && m.embeds?.some((e) => e.footer?.text?.endsWith(mark)))?.id;
  }

  return {
    async send(post) {
      try {
        if (post.resume) {
          const id = await alreadyPosted(post);
          if (id) return { messageId: id };
        }
        const message = marked(await renderReply(post.reply, (action) => encodeAction(bot, action)), post);
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
        return goneOrThrow(error);
      }
    },
  };
}
