import { normaliseTitle, type Paper } from './paper.js';
import type { QueryTerm } from './query.js';
import type { PaperIndex, SearchOptions } from './search.js';
import { indexTerms } from './text.js';

const ABSTRACT_TERMS = 12;
// The title names the topic; the abstract's rarest repeated words add what the title leaves out.
const TITLE_WEIGHT = 1;
const ABSTRACT_WEIGHT = 0.5;

/** The paper a person means by an id, an exact title, or words from its title. */
export function resolvePaper(index: PaperIndex, text: string): Paper | undefined {
  const byId = index.get(text.trim());
  if (byId) return byId;
  const wanted = normaliseTitle(text);
  const byTitle = index.papers().find((paper) => normaliseTitle(paper.title) === wanted);
  return byTitle ?? index.search(text, { limit: 1 }).hits[0]?.paper;
}

/** What a paper is about, as weighted index terms: its title's terms and its abstract's most telling ones. */
export function paperTerms(index: PaperIndex, paper: Paper): QueryTerm[] {
  const terms = new Map<string, number>();
  for (const term of indexTerms(paper.title)) terms.set(term, TITLE_WEIGHT);
  const counts = new Map<string, number>();
  for (const term of indexTerms(paper.abstract)) counts.set(term, (counts.get(term) ?? 0) + 1);
  const telling = [...counts]
    .filter(([term]) => !terms.has(term))
    .map(([term, count]) => ({ term, value: Math.log(1 + count) * index.idf(term) }))
    .sort((a, b) => b.value - a.value || a.term.localeCompare(b.term))
    .slice(0, ABSTRACT_TERMS);
  for (const { term } of telling) terms.set(term, ABSTRACT_WEIGHT);
  return [...terms].map(([term, weight]) => ({ term, weight }));
}

/** The papers most like the given one, never itself. */
export function similarPapers(index: PaperIndex, paper: Paper, options: Omit<SearchOptions, 'exclude'> = {}) {
  return index.searchTerms(paperTerms(index, paper), { ...options, exclude: new Set([paper.id]) });
}
