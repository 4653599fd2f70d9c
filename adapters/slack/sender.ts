import { webApi } from '@slack/bolt';
import { slackLogger } from './logger.js';
import { ChannelGoneError } from '../../src/core/errors.js';
import { log } from '../../src/core/log.js';
import type { Sender } from '../../src/daily/service.js';
import { renderReply } from './render.js';

const EVENT_TYPE = 'paperbot_daily';
const GONE_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);
// How far back to look for a post an earlier attempt may have made: more than a day's worth of a busy channel.
const HISTORY_LIMIT = 200;

const slackError = (error: unknown) => (error as { data?: { error?: string } }).data?.error;

/**
 * The ts of a message this bot already posted for the claim, found by the metadata it carries. If the
 * history cannot be read, sending again could post twice, so the attempt fails and is retried later.
 */
async function alreadyPosted(client: webApi.WebClient, channel: string, claim: string): Promise<string | undefined> {
  try {
    const history = await client.conversations.history({ channel, limit: HISTORY_LIMIT, include_all_metadata: true });
    return history.messages?.find((m) => m.metadata?.event_type === EVENT_TYPE && (m.metadata.event_payload as { claim?: string } | undefined)?.claim === claim)?.ts;
  } catch (error) {
    const reason = slackError(error) ?? (error as Error).message;
    log.warn({ channel, error: reason }, 'slack: cannot read the channel history to check for an earlier post; not resending');
    throw new Error(`cannot check whether today's paper already went out (${reason})`);
  }
}

/**
 * The Web API client for daily posts: a timeout, and few retries of its own, so one stuck channel cannot
 * hold up the others and a lost answer is resent only by the scheduler, after checking the history.
 */
export function dailyClient(token: string, apiUrl?: string): webApi.WebClient {
  return new webApi.WebClient(token, {
    logger: slackLogger(),
    timeout: 30_000,
    retryConfig: { retries: 2, factor: 2, minTimeout: 1000, maxTimeout: 5000 },
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
  });
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
