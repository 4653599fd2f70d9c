import type { Paper } from '../core/paper.js';
import type { Follow } from '../state/follow.js';
import { familyName, sameAuthor } from './author-name.js';
import { goodMatches } from './good-matches.js';
import type { PaperIndex, SearchHit } from './paper-index.js';
import { plainHit } from './plain-hit.js';

/** Whether a paper is by the author, or in the category, a follow names; a topic is a search, not a test. */
export function isFollowed(follow: Follow, paper: Paper): boolean {
  if (follow.kind === 'author') return (paper.authors ?? []).some((author) => sameAuthor(follow.value, author));
  if (follow.kind === 'category') {
    const wanted = follow.value.toLowerCase();
    return (paper.categories ?? []).some((category) => category.toLowerCase() === wanted);
  }
  return false;
}

/** The search filter that finds an author's or category's candidates in the index (src/search/filters.ts). */
const candidateFilter = (follow: Follow) =>
  follow.kind === 'author' ? `author:${familyName(follow.value)?.split(' ').at(-1) ?? ''}` : `cat:${follow.value}`;

/**
 * The papers a follow picks out, within `depth`: a topic's good matches, best first; an author's or a
 * category's papers, newest first (all scored alike), each checked against the paper's own authors or categories, so a paper that
 * only mentions a name in its abstract is never one of them.
 */
export function followMatches(index: PaperIndex, follow: Follow, depth: number, snippets: boolean): SearchHit[] {
  if (follow.kind === 'topic') return goodMatches(index, follow.value, depth, snippets);
  return index
    .search(candidateFilter(follow), { limit: depth, depth, snippets: false })
    .hits.filter((hit) => isFollowed(follow, hit.paper))
    .map((hit) => ({ ...plainHit(hit.paper), score: 1 }));
}
