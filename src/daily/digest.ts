import type { ChannelKey } from '../core/channel.js';
import { log } from '../core/log.js';
import type { Paper } from '../core/paper.js';
import type { Reply } from '../core/reply.js';
import type { PaperIndex } from '../search/paper-index.js';
import { plainHit } from '../search/plain-hit.js';
import type { Store } from '../state/store.js';
import { isoWeek, isWeeklyDue, localTime } from './clock.js';
import type { Ledger } from './ledger.js';
import { parseKey, type SendOutcome, type SendParts, sendClaimed } from './send.js';
import { topicsOf } from './settings.js';
import { type Saved, topPapers } from './top.js';

export type DigestReply = Extract<Reply, { kind: 'digest' }>;
export type DigestOutcome = SendOutcome | { readonly status: 'nothing'; readonly reason: string };

/** How many papers a digest shows, and the days it looks back over. */
export const DIGEST_SIZE = 5;
export const DIGEST_DAYS = 7;

export const digestReply = (week: string, papers: readonly Paper[]): DigestReply => ({
  kind: 'digest',
  week,
  hits: papers.map(plainHit),
});

export interface DigestOptions {
  readonly index: () => PaperIndex;
  readonly store: Store;
  readonly ledger: Ledger;
  readonly parts: SendParts;
  /** A channel's reading list, where the bot keeps one. */
  readonly saved?: (channel: ChannelKey) => readonly Saved[];
}

/**
 * The weekly digests: each channel that asked gets its week's top papers once per ISO week, claimed, sent and
 * recorded by the same machinery as the daily post (src/daily/send.ts), so two schedulers or a restart send one.
 */
export function createDigests({ index, store, ledger, parts, saved }: DigestOptions) {
  const { now } = parts;

  async function digestFor(key: ChannelKey, week: string, at: Date): Promise<DigestOutcome> {
    let reason: string | undefined;
    const outcome = ledger.digests.claim(
      key,
      week,
      () => {
        const papers = topPapers({
          index: index(),
          ledger,
          channel: key,
          since: new Date(at.getTime() - DIGEST_DAYS * 24 * 60 * 60 * 1000),
          follows: topicsOf(store.read(), key),
          ...(saved ? { saved: saved(key) } : {}),
        }).slice(0, DIGEST_SIZE);
        if (papers.length > 0) return { paperId: papers.map((p) => p.id).join(' '), topic: null, archive: false };
        reason = 'nothing was voted up, saved or upvoted on Hugging Face this week';
        return { paperId: null, topic: null, archive: false, skipped: reason };
      },
      at.getTime(),
    );
    if (reason) return { status: 'nothing', reason };
    if (outcome.kind === 'taken') return { status: 'already', record: outcome.record };
    const papers = (outcome.record.paperId ?? '').split(' ').flatMap((id) => index().get(id) ?? []);
    const reply = papers.length ? digestReply(week, papers) : undefined;
    const sent = await sendClaimed(parts, ledger.digests, key, outcome.record, outcome.resume, reply);
    if (sent.status === 'sent') log.info({ channel: key, week, papers: papers.length }, 'weekly digest posted');
    return sent;
  }

  return {
    /** Sends this week's digest for every channel whose weekday and time have come and that has none yet. */
    async runDue(): Promise<Map<ChannelKey, DigestOutcome>> {
      const at = now();
      const paused = ledger.pauses();
      const results = new Map<ChannelKey, DigestOutcome>();
      for (const [key, setting] of ledger.digestSettings()) {
        if (paused.has(key) || !parts.senders.has(parseKey(key).platform)) continue;
        try {
          // Inside the try: a stored zone that is no zone (edited by hand) stops this channel's digest only.
          if (!isWeeklyDue(at, setting.day, setting.time, setting.timezone)) continue;
          const week = isoWeek(localTime(at, setting.timezone).date);
          if (ledger.digests.post(key, week)?.status.match(/^(sent|skipped)$/)) continue;
          results.set(key, await digestFor(key, week, at));
        } catch (error) {
          // One bad channel never stops the rest.
          log.error({ channel: key, err: error }, 'weekly digest crashed');
          results.set(key, { status: 'failed', error: (error as Error).message });
        }
      }
      return results;
    },
  };
}

export type Digests = ReturnType<typeof createDigests>;
