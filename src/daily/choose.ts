import type { Paper, PaperId } from '../core/paper.js';
import type { PaperIndex } from '../search/paper-index.js';
import { sentences } from '../core/text.js';

/** A paper published this recently is "new"; anything older (or undated) is from the archive. */
export const NEW_FOR_DAYS = 14;
// A daily paper must match its topic well; the long tail of a search is for people browsing, not for posts.
const MIN_RELATIVE_SCORE = 0.3;
const CANDIDATES_PER_TOPIC = 500;
export const DAILY_ABSTRACT_LENGTH = 600;

export interface DailyChoice {
  readonly paper: Paper;
  /** The topic it matched, for "Because you follow …"; absent for a channel without topics. */
  readonly topic?: string;
  /** Nothing new matched, so this is the best unseen older paper. */
  readonly archive: boolean;
}

export type ChoiceResult = DailyChoice | { readonly reason: string };

/**
 * Chooses daily papers for many channels in one pass: each topic is searched once per run, however many
 * channels follow it, and each channel gets the best unseen match, rotating over its topics.
 */
export function createChooser(index: PaperIndex, now: Date) {
  const newSince = now.getTime() - NEW_FOR_DAYS * 24 * 60 * 60 * 1000;
  const isNew = (paper: Paper) => paper.published !== undefined && Date.parse(paper.published) >= newSince;
  const byTopic = new Map<string, Paper[]>();
  // Pages of the newest papers, read once per run however many channels without topics ask for them.
  const newestPages = new Map<number, Paper[]>();

  /** A topic's matches, best first, newer papers ahead of older ones of similar relevance. */
  function matches(topic: string): Paper[] {
    let found = byTopic.get(topic);
    if (!found) {
      const hits = index.search(topic, { limit: CANDIDATES_PER_TOPIC, depth: CANDIDATES_PER_TOPIC, snippets: false }).hits;
      const floor = Math.max(0, ...hits.map((hit) => hit.score)) * MIN_RELATIVE_SCORE;
      found = hits.filter((hit) => hit.score >= floor).map((hit) => hit.paper);
      byTopic.set(topic, found);
    }
    return found;
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

  return function choose(topics: readonly string[], seen: ReadonlySet<PaperId>, topicHistory: readonly string[]): ChoiceResult {
    if (topics.length === 0) {
      const paper = newestUnseen(seen);
      return paper ? { paper, archive: !isNew(paper) } : { reason: 'every paper in the collection has been posted here' };
    }
    // Topics never posted for come first (in the order followed), then the least recently posted for.
    const lastUsed = (topic: string) => {
      const at = topicHistory.indexOf(topic);
      return at < 0 ? Number.POSITIVE_INFINITY : at;
    };
    const rotation = [...topics].sort((a, b) => lastUsed(b) - lastUsed(a));
    let archived: DailyChoice | undefined;
    for (const topic of rotation) {
      const unseen = matches(topic).filter((p) => !seen.has(p.id));
      const fresh = unseen.find(isNew);
      if (fresh) return { paper: fresh, topic, archive: false };
      if (!archived && unseen[0]) archived = { paper: unseen[0], topic, archive: true };
    }
    return archived ?? { reason: `no unseen paper matches ${topics.map((t) => `"${t}"`).join(', ')}` };
  };
}

/** An abstract cut to whole sentences within `max` characters (at least the first sentence, itself cut if huge). */
export function shortAbstract(abstract: string, max = DAILY_ABSTRACT_LENGTH): string {
  let out = '';
  for (const sentence of sentences(abstract)) {
    const next = out ? `${out} ${sentence.text}` : sentence.text;
    if (next.length > max) break;
    out = next;
  }
  if (out) return out.length < abstract.trim().length ? `${out} …` : out;
  const cut = abstract.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).trimEnd()}…`;
}
