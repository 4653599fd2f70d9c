import type { Channel, ChannelKey, Platform } from '../core/channel.js';
import { ChannelGoneError } from '../core/errors.js';
import { log } from '../core/log.js';
import type { DigestReply } from './digest.js';
import { keepingClaim } from './lease.js';
import type { Claims, Ledger, PostRecord } from './ledger.js';
import type { DailyReply, OutgoingDigest, OutgoingPost, Sender } from './service.js';

/** What became of one claimed post: the daily post's and the weekly digest's alike. */
export type SendOutcome =
  | { readonly status: 'sent'; readonly messageId?: string }
  | { readonly status: 'already'; readonly record: PostRecord }
  | { readonly status: 'paused'; readonly reason: string }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'no-sender' };

export interface SendParts {
  readonly senders: ReadonlyMap<Platform, Sender>;
  /** Pauses a channel that is gone, for every kind of post. */
  readonly ledger: Ledger;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

const RETRY_DELAYS_MS = [2_000, 10_000];

export const parseKey = (key: ChannelKey): Channel => {
  const at = key.indexOf(':');
  return { platform: key.slice(0, at) as Platform, id: key.slice(at + 1) };
};

/**
 * Sends a post this process has claimed and records what happened (claim → send → record), whatever kind
 * it is. The claim is renewed while sending; a resend (after a crash, a takeover or a lost answer) is marked
 * `resume` so the sender first looks for it in the channel. A channel that is gone is paused; a transient
 * failure is retried twice, then left for the next minute's run. `reply` is undefined when what was chosen
 * is no longer in the collection.
 */
export async function sendClaimed(
  parts: SendParts,
  claims: Claims,
  key: ChannelKey,
  record: PostRecord,
  resume: boolean,
  reply: DailyReply | DigestReply | undefined,
): Promise<SendOutcome> {
  const { ledger, now } = parts;
  const channel = parseKey(key);
  const period = record.localDate;
  const sender = parts.senders.get(channel.platform);
  if (!sender) return { status: 'no-sender' };
  if (!reply) {
    claims.markFailed(key, period, `paper ${record.paperId} is no longer in the collection`, now().getTime());
    return { status: 'failed', error: 'paper no longer in the collection' };
  }
  const base = { channelId: channel.id, claim: record.claim, localDate: period, resume };
  const post: OutgoingPost | OutgoingDigest = reply.kind === 'daily' ? { ...base, reply } : { ...base, reply };
  for (let attempt = 0; ; attempt++) {
    // Another host took the claim over while this one stalled: it checks the channel and sends, so we stop.
    if (!claims.renew(key, period, now().getTime())) return { status: 'already', record: claims.post(key, period)! };
    try {
      const { messageId } = await keepingClaim(claims, key, period, now, () =>
        sender.send(attempt > 0 ? { ...post, resume: true } : post),
      );
      claims.markSent(key, period, messageId ?? null, now().getTime());
      return { status: 'sent', ...(messageId ? { messageId } : {}) };
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof ChannelGoneError) {
        ledger.pause(key, message, now().getTime());
        claims.markFailed(key, period, message, now().getTime());
        log.warn({ channel: key, reason: message }, 'posting paused for this channel; subscriptions kept');
        return { status: 'paused', reason: message };
      }
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) {
        claims.markFailed(key, period, message, now().getTime());
        log.error({ channel: key, err: error }, 'post failed; will try again next minute');
        return { status: 'failed', error: message };
      }
      log.warn({ channel: key, err: error, retryInMs: delay }, 'post failed; retrying');
      await parts.sleep(delay);
    }
  }
}
