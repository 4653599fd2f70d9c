import type { Paper, PaperId } from '../core/paper.js';
import { indexTerms } from '../core/text.js';
import { followMatches } from '../search/follow-matches.js';
import type { PaperIndex } from '../search/paper-index.js';
import { parseFollow } from '../state/follow.js';
import type { Vote } from './ledger.js';
import { type Taste, tasteOf } from './taste.js';

/** A paper published this recently is "new"; anything older (or undated) is from the archive. */
export const NEW_FOR_DAYS = 14;
// After papers published since the last post, those from the week before it: a day with nothing published since
// (a Sunday) gets one of the week's papers rather than the best match from two weeks ago.
const RECENT_FOR_DAYS = 7;
const CANDIDATES_PER_TOPIC = 500;

export interface DailyChoice {
  readonly paper: Paper;
  /** The topic it matched, for "Because you follow …"; absent for a channel without topics. */
  readonly topic?: string;
  /** Nothing new matched, so this is the best unseen older paper. */
  readonly archive: boolean;
}

export type ChoiceResult = DailyChoice | { readonly reason: string };

/** What the chooser knows of a channel besides its topics. */
export interface ChannelHistory {
  /** The local date (YYYY-MM-DD) of its last post: papers published since come first. */
  readonly since?: string | undefined;
  /** Its members' 👍 and 👎, oldest first: they weigh the candidates (see taste.ts). */
  readonly votes?: readonly { readonly paperId: PaperId; readonly vote: Vote }[];
}

const isoDate = (at: number) => new Date(at).toISOString().slice(0, 10);

interface Candidate {
  readonly paper: Paper;
  readonly score: number;
}

/**
 * Chooses daily papers for many channels in one pass: each topic is searched once per run, however many
 * channels follow it, and each channel gets the best unseen match, rotating over its topics.
 */
export function createChooser(index: PaperIndex, now: Date) {
  const newSince = now.getTime() - NEW_FOR_DAYS * 24 * 60 * 60 * 1000;
  const isNew = (paper: Paper) => paper.published !== undefined && Date.parse(paper.published) >= newSince;
  const byTopic = new Map<string, Candidate[]>();
  const terms = new Map<PaperId, ReadonlySet<string>>();
  // Pages of the newest papers, read once per run however many channels without topics ask for them.
  const newestPages = new Map<number, Paper[]>();

  /** A follow's matches (a topic's most relevant first), with their relevance for weighing by votes. */
  function matches(topic: string): Candidate[] {
    let found = byTopic.get(topic);
    if (!found) {
      const hits = followMatches(index, parseFollow(topic), CANDIDATES_PER_TOPIC, false);
      // The hits' order is the search's verdict (exact titles first); scores kept from rising keep that order
      // wherever votes do not tell papers apart.
      let ceiling = Number.POSITIVE_INFINITY;
      found = [];
      for (const hit of hits) {
        ceiling = Math.min(ceiling, hit.score);
        found.push({ paper: hit.paper, score: ceiling });
      }
      byTopic.set(topic, found);
    }
    return found;
  }

  const termsOf = (paper: Paper): ReadonlySet<string> => {
    const known = terms.get(paper.id);
    if (known) return known;
    const found = new Set(indexTerms(`${paper.title}\n${paper.abstract}`));
    terms.set(paper.id, found);
    return found;
  };

  /**
   * Papers published since the last post first, then in the week before it, then other new ones, then the
   * archive; within each, the best weighed.
   */
  function best(candidates: readonly Candidate[], since: string | undefined, taste: Taste): Candidate | undefined {
    const weekBefore = since && isoDate(Date.parse(since) - RECENT_FOR_DAYS * 24 * 60 * 60 * 1000);
    const tier = ({ paper }: Candidate) => {
      const published = paper.published ?? '';
      if (!isNew(paper)) return 3;
      if (since && published >= since) return 0;
      return weekBefore && published >= weekBefore ? 1 : 2;
    };
    let chosen: { candidate: Candidate; tier: number; value: number } | undefined;
    for (const candidate of candidates) {
      const at = { candidate, tier: tier(candidate), value: candidate.score * taste(candidate.paper) };
      if (!chosen || at.tier < chosen.tier || (at.tier === chosen.tier && at.value > chosen.value)) chosen = at;
    }
    return chosen?.candidate;
  }

  /** The newest paper not seen yet (then most upvoted, then in collection order), for channels without topics. */
  function newestUnseen(seen: ReadonlySet<PaperId>): Paper | undefined {
    const PAGE = 200;
    for (let offset = 0; offset < index.size; offset += PAGE) {
      let page = newestPages.get(offset);
      if (!page) newestPages.set(offset, (page = index.newest(PAGE, offset)));
      const found = page.find((p) => !seen.has(p.id));
      if (found) return found;
    }
    return undefined;
  }

  return function choose(
    topics: readonly string[],
    seen: ReadonlySet<PaperId>,
    topicHistory: readonly string[],
    history: ChannelHistory = {},
  ): ChoiceResult {
    if (topics.length === 0) {
      const paper = newestUnseen(seen);
      return paper
        ? { paper, archive: !isNew(paper) }
        : { reason: 'every paper in the collection has been posted here' };
    }
    // Topics never posted for come first (in the order followed), then the least recently posted for.
    const lastUsed = (topic: string) => {
      const at = topicHistory.indexOf(topic);
      return at < 0 ? Number.POSITIVE_INFINITY : at;
    };
    const rotation = [...topics].sort((a, b) => lastUsed(b) - lastUsed(a));
    const taste = tasteOf(index, history.votes ?? [], termsOf);
    let archived: DailyChoice | undefined;
    for (const topic of rotation) {
      const pick = best(
        matches(topic).filter(({ paper }) => !seen.has(paper.id)),
        history.since,
        taste,
      );
      if (pick && isNew(pick.paper)) return { paper: pick.paper, topic, archive: false };
      if (!archived && pick) archived = { paper: pick.paper, topic, archive: true };
    }
    return archived ?? { reason: `no unseen paper matches ${topics.map((t) => `"${t}"`).join(', ')}` };
  };
}
