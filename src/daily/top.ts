import type { ChannelKey } from '../core/channel.js';
import type { Paper, PaperId } from '../core/paper.js';
import { followMatches, isFollowed } from '../search/follow-matches.js';
import type { PaperIndex } from '../search/paper-index.js';
import { parseFollow } from '../state/follow.js';
import type { Ledger } from './ledger.js';

// Hugging Face papers are read from the newest this many; a topic's matches this deep.
const NEWEST_READ = 2000;
const TOPIC_DEPTH = 500;

/** A paper saved to the channel's reading list, and when. */
export interface Saved {
  readonly paperId: PaperId;
  readonly savedAt: number;
}

export interface TopInput {
  readonly index: PaperIndex;
  readonly ledger: Ledger;
  readonly channel: ChannelKey;
  /** The start of the period (its end is now). */
  readonly since: Date;
  /** The channel's reading list, where there is one. */
  readonly saved?: readonly Saved[];
  /** Only Hugging Face papers matching these follows (topics, `author:…`, `cat:…`); all of them when absent. */
  readonly follows?: readonly string[];
}

/**
 * The channel's own picks of the period: each 👍 counts one, each 👎 takes one away, a save counts one; on a
 * tie, the one picked last comes first.
 */
function channelPicks({ ledger, channel, since, saved = [] }: TopInput): PaperId[] {
  const picks = new Map<PaperId, { score: number; last: number }>();
  const add = (id: PaperId, n: number, at: number) => {
    const pick = picks.get(id) ?? { score: 0, last: 0 };
    picks.set(id, { score: pick.score + n, last: Math.max(pick.last, at) });
  };
  for (const { paperId, vote, at } of ledger.votesSince(channel, since.getTime()))
    add(paperId, vote === 'up' ? 1 : -1, at);
  for (const { paperId, savedAt } of saved) if (savedAt >= since.getTime()) add(paperId, 1, savedAt);
  return [...picks]
    .filter(([, pick]) => pick.score > 0)
    .sort(([, a], [, b]) => b.score - a.score || b.last - a.last)
    .map(([id]) => id);
}

/** Whether a paper matches any of the follows: exactly for authors and categories, by search for topics. */
function followFilter(index: PaperIndex, follows: readonly string[]): (paper: Paper) => boolean {
  const parsed = follows.map(parseFollow);
  const topical = new Set(
    parsed
      .filter((f) => f.kind === 'topic')
      .flatMap((f) => followMatches(index, f, TOPIC_DEPTH, false).map((hit) => hit.paper.id)),
  );
  return (paper) => topical.has(paper.id) || parsed.some((f) => isFollowed(f, paper));
}

/**
 * A channel's top papers of a period: those its members voted up or saved, most first, then Hugging Face's
 * most upvoted papers published in the period (of its follows, for a digest).
 */
export function topPapers(input: TopInput): Paper[] {
  const { index, since, follows } = input;
  const picks = channelPicks(input).flatMap((id) => index.get(index.canonicalId(id)) ?? []);
  const from = since.toISOString().slice(0, 10);
  const followed = follows?.length ? followFilter(index, follows) : () => true;
  const upvoted = index
    .newest(NEWEST_READ)
    .filter((paper) => paper.upvotes !== undefined && (paper.published ?? '') >= from && followed(paper))
    .sort((a, b) => (b.upvotes ?? 0) - (a.upvotes ?? 0));
  const chosen = new Set(picks.map((paper) => paper.id));
  return [...picks, ...upvoted.filter((paper) => !chosen.has(paper.id))];
}
