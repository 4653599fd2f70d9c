import type { Message } from 'discord.js';
import { paperLinksIn, unfold } from '../../src/commands/unfold.js';
import type { Bot } from '../../src/core/bot.js';
import { log } from '../../src/core/log.js';
import { encodeAction } from './custom-id.js';
import { renderReply } from './render.js';

/** The words of a message besides its links: a title someone wrote beside an OpenReview link. */
const besideLinks = (content: string) =>
  content
    .replace(/<?https?:\/\/\S+>?/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Answers a message holding paper links with their cards, as a reply that pings nobody (its author included).
 * Discord cannot let a bot unfurl links, so this stands in; it runs only where DISCORD_LINK_CARDS=on.
 */
export async function answerPaperLinks(bot: Bot, message: Message): Promise<void> {
  if (message.author.bot || message.webhookId) return;
  const links = paperLinksIn(message.content);
  if (links.length === 0) return;
  const shownIn = { platform: 'discord' as const, id: message.channelId };
  const title = besideLinks(message.content);
  try {
    for (const url of links) {
      const reply = await unfold(bot, url, { shownIn, ...(title ? { title } : {}) });
      if (!reply) continue;
      const { content, embeds, components } = await renderReply(reply, (action) => encodeAction(bot, action));
      await message.reply({ content, embeds, components, allowedMentions: { parse: [], repliedUser: false } });
    }
  } catch (error) {
    log.warn({ err: error, channel: message.channelId }, 'discord: could not answer a paper link');
  }
}
