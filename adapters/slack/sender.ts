import { setTimeout as delay } from 'node:timers/promises';
import { webApi } from '@slack/bolt';
import { ChannelGoneError } from '../../src/core/errors.js';
import { log } from '../../src/core/log.js';
import type { Reply } from '../../src/core/reply.js';
import type { Sender } from '../../src/daily/service.js';
import { slackLogger } from './logger.js';
import { renderReply } from './render.js';

const EVENT_TYPE = 'paperbot_daily';
const GONE_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);
// How far back to look for a post an earlier attempt may have made: more than a day's worth of a busy channel.
const HISTORY_LIMIT = 200;

/** The Web API's error code (`channel_not_found`, `ratelimited` …) of a failed call, if it answered with one. */
export const slackError = (error: unknown) => (error as { data?: { error?: string } }).data?.error;

// A 429 is the one failure resent here: Slack refused the call, so sending it again cannot post twice.
const RATE_LIMIT_RETRIES = 3;

async function waitingOutRateLimits<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const limited = (error as { code?: string }).code === webApi.ErrorCode.RateLimitedError;
      if (!limited || attempt > RATE_LIMIT_RETRIES) throw error;
      await delay((error as webApi.WebAPIRateLimitedError).retryAfter * 1000);
    }
  }
}

/**
 * The ts of a message this bot already posted for the claim, found by the metadata it carries. If the
 * history cannot be read, sending again could post twice, so the attempt fails and is retried later.
 */
async function alreadyPosted(client: webApi.WebClient, channel: string, claim: string): Promise<string | undefined> {
  const read = () =>
    waitingOutRateLimits(() =>
      client.conversations.history({ channel, limit: HISTORY_LIMIT, include_all_metadata: true }),
    );
  try {
    // A public channel posted in uninvited (chat:write.public) hides its history until the bot joins it.
    const history = await read().catch(async (error: unknown) => {
      if (slackError(error) !== 'not_in_channel') throw error;
      await client.conversations.join({ channel });
      return read();
    });
    const ours = (metadata: { event_type?: string; event_payload?: unknown } | undefined) =>
      metadata?.event_type === EVENT_TYPE && (metadata.event_payload as { claim?: string })?.claim === claim;
    return history.messages?.find((m) => ours(m.metadata))?.ts;
  } catch (error) {
    const reason = slackError(error) ?? (error as Error).message;
    log.warn({ channel, error: reason }, 'slack: cannot read the history to check for an earlier post; not resending');
    throw new Error(`cannot check whether today's paper already went out (${reason})`);
  }
}

/**
 * The Web API client for daily posts: a timeout, so one stuck channel cannot hold up the others, and no resend of
 * its own. Its retries would resend a post whose answer was lost (HTTP 500, a reset, a timeout) without looking
 * at the history, though Slack may have posted it; the scheduler resends instead, after the history check.
 */
export function dailyClient(token: string, apiUrl?: string, timeoutMs = 30_000): webApi.WebClient {
  return new webApi.WebClient(token, {
    logger: slackLogger(),
    timeout: timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
  });
}

// A notice (the daily post ran dry) is about no paper.
const paperOf = (reply: Reply): Record<string, string> => (reply.kind === 'daily' ? { paper: reply.paper.id } : {});

/**
 * Posts daily papers with chat.postMessage. Each post carries message metadata with its claim, so after a crash
 * or a lost answer the channel's history tells whether it went out.
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
        const result = await waitingOutRateLimits(() =>
          client.chat.postMessage({
            channel: post.channelId,
            text: message.text,
            blocks: message.blocks,
            unfurl_links: false,
            unfurl_media: false,
            metadata: {
              event_type: EVENT_TYPE,
              event_payload: { claim: post.claim, date: post.localDate, ...paperOf(post.reply) },
            },
          }),
        );
        return result.ts ? { messageId: result.ts } : {};
      } catch (error) {
        const code = slackError(error);
        if (code && GONE_ERRORS.has(code)) throw new ChannelGoneError(`Slack ${code}`);
        throw error;
      }
    },
  };
}
