import type { Paper } from '../core/paper.js';
import type { SearchHit, SearchOptions } from './paper-index.js';
import type { Ranked } from './rank.js';
import { bestSnippet, type Snippet } from './snippet.js';

const PAGE_SIZE = 5;
const NO_SNIPPET: Snippet = { text: '', marks: [] };

/**
 * One page of ranked matches as hits: only the papers shown are read, each with the snippet of its abstract
 * that holds most of the query's weight (`weightOf` an index term, undefined for one not in the query).
 */
export function pageOf(
  ranked: readonly Ranked[],
  options: SearchOptions,
  papers: (docs: readonly number[]) => (Paper | undefined)[],
  weightOf: (term: string) => number | undefined,
) {
  const offset = options.offset ?? 0;
  const shown = ranked.slice(offset, offset + (options.limit ?? PAGE_SIZE));
  const found = papers(shown.map((hit) => hit.doc));
  const hits = shown.flatMap((hit, i): SearchHit[] => {
    const paper = found[i];
    if (!paper) return [];
    const snippet = options.snippets === false ? NO_SNIPPET : bestSnippet(paper.abstract, weightOf);
    return [{ paper, score: Math.round(hit.base * 1000) / 1000, snippet }];
  });
  return { total: ranked.length, hits };
}
