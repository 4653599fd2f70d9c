import type { PaperIndex, SearchHit } from './paper-index.js';

// A list meant to be read whole (a daily post, the newest papers on a topic) keeps only good matches: the
// long tail of a search is for people browsing, not for these.
const MIN_RELATIVE_SCORE = 0.3;

/** A query's matches within `depth`, best first, that score at least a share of the best one's score. */
export function goodMatches(index: PaperIndex, query: string, depth: number, snippets: boolean): SearchHit[] {
  const hits = index.search(query, { limit: depth, depth, snippets }).hits;
  const floor = Math.max(0, ...hits.map((hit) => hit.score)) * MIN_RELATIVE_SCORE;
  return hits.filter((hit) => hit.score >= floor);
}
