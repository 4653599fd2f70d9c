import type { webApi } from '@slack/bolt';
import { liveReply } from '../../src/answers/live.js';
import type { Reply } from '../../src/core/reply.js';
import { renderReply, type SlackMessage } from './render.js';

/**
 * A message that shows an answer as it is written: posted with its first version (in a thread when `threadTs`
 * is given), then updated with chat.update, at most once a second, and with the final version by `finish`.
 */
export function livePost(client: webApi.WebClient, channel: string, threadTs?: string) {
  let ts: string | undefined;
  const post = async (message: SlackMessage) => {
    const content = { text: message.text, blocks: message.blocks };
    if (ts) {
      await client.chat.update({ channel, ts, ...content });
      return;
    }
    const posted = await client.chat.postMessage({
      channel,
      ...content,
      unfurl_links: false,
      unfurl_media: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    ts = posted.ts;
  };
  const live = liveReply((reply) => post(renderReply(reply)));
  return {
    progress: (reply: Reply) => live.push(reply),
    /**
     * Shows the final version: as an update of the message when one was posted, else through `first` (the
     * usual delivery). A private final version (a failure) goes through `first` and the public draft is removed.
     */
    async finish(message: SlackMessage, first: (message: SlackMessage) => Promise<void>): Promise<void> {
      await live.settle();
      if (ts && !message.ephemeral) return post(message);
      if (ts) await client.chat.delete({ channel, ts });
      await first(message);
    },
  };
}
