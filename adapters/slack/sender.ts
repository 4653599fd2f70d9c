import type { webApi } from '@slack/bolt';
import { ChannelGoneError } from '../../src/errors.js';
import { log } from '../../src/log.js';
import type { Sender } from '../../src/scheduler.js';
import { renderReply } from './render.js';

const EVENT_TYPE = 'paperbot_daily';
const GONE_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);
// How far back to look for a post an earlier attempt may have made: more than a day's worth of a busy channel.
const HISTORY_LIMIT = 200;

const slackError = (error: unknown) => (error as { data?: { error?: string } }).data?.error;

/** The ts of a message this bot already posted for the claim, found by the metadata it carries. */
async function alreadyPosted(client: webApi.WebClient, channel: string, claim: string): Promise<string | undefined> {
  try {
    const history = await client.conversations.history({ channel, limit: HISTORY_LIMIT, include_all_metadata: true });
    return history.messages?.find((m) => m.metadata?.event_type === EVENT_TYPE && (m.metadata.event_payload as { claim?: string } | undefined)?.claim === claim)?.ts;
  } catch (error) {
    log.warn({ channel, error: slackError(error) ?? (error as Error).message }, 'slack: cannot read channel history to check for an earlier post');
    return undefined;
  }
}

/**
 * Posts daily papers with chat.postMessage (the Web API client waits out 429s itself). Each post carries
 * message metadata with its claim, so after a crash the channel's history tells whether it went out.
 */
export function slackSender(client: webApi.WebClient): Sender {
  return {
    async send(post) {
      if (post.resume) {
        const ts = await alreadyPosted(client, post.channelId, post.claim);
        if (ts) return { messageId: ts };
      }
      const message = renderReply(post.reply);
      try {
        const result = await client.chat.postMessage({
          channel: post.channelId,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: EVENT_TYPE, event_payload: { claim: post.claim, date: post.localDate, paper: post.reply.paper.id } },
        });
        return result.ts ? { messageId: result.ts } : {};
      } catch (error) {
        const code = slackError(error);
        if (code && GONE_ERRORS.has(code)) throw new ChannelGoneError(`Slack ${code}`);
        throw error;
      }
    },
  };
}
