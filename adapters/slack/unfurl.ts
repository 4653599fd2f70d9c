import type { types, webApi } from '@slack/bolt';
import { isPaperLink, MAX_UNFOLDED, unfold } from '../../src/commands/unfold.js';
import type { Bot } from '../../src/core/bot.js';
import { renderReply } from './render.js';

/**
 * Answers `link_shared` with the cards of the paper links in it (chat.unfurl), leaving other links alone. A
 * link in a message being written (source `composer`) is unfurled by its unfurl_id and not recorded as shown.
 */
export async function unfurlPaperLinks(
  bot: Bot,
  client: webApi.WebClient,
  event: types.LinkSharedEvent,
): Promise<void> {
  const composing = event.source === 'composer';
  const shownIn = composing ? undefined : { platform: 'slack' as const, id: event.channel };
  const unfurls: Record<string, { blocks: types.KnownBlock[] }> = {};
  for (const { url } of event.links.filter((link) => isPaperLink(link.url)).slice(0, MAX_UNFOLDED)) {
    const reply = await unfold(bot, url, shownIn ? { shownIn } : {});
    if (reply) unfurls[url] = { blocks: renderReply(reply).blocks };
  }
  if (Object.keys(unfurls).length === 0) return;
  const target =
    composing && event.unfurl_id
      ? { unfurl_id: event.unfurl_id, source: 'composer' as const }
      : { channel: event.channel, ts: event.message_ts };
  await client.chat.unfurl({ ...target, unfurls });
}
