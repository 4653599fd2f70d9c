import type { Paper } from '../core/paper.js';
import { indexTerms, termsOfWord, withoutUrls, words } from '../core/text.js';
import type { PaperIndex, SearchOptions } from './paper-index.js';
import type { QueryUnit } from './query.js';

const ABSTRACT_TERMS = 12;
// The title names the topic; the abstract's rarest repeated words add what the title leaves out.
const TITLE_WEIGHT = 1;
const ABSTRACT_WEIGHT = 0.5;

/** The paper a person means by an id, an exact title, or words from its title. */
export function resolvePaper(index: PaperIndex, text: string): Paper | undefined {
  const byId = index.get(text.trim());
  if (byId) return byId;
  return index.byTitle(text) ?? index.search(text, { limit: 1 }).hits[0]?.paper;
}

/**
 * What a paper is about, as weighted index terms: its title's terms and its abstract's most telling ones.
 * A term only this paper uses cannot find another paper, so abstract terms must occur in at least one more.
 */
export function paperTerms(index: PaperIndex, paper: Paper): QueryUnit[] {
  // Each title word is one unit, so a compound ("fine-grained": fine, grain, finegrained) counts once.
  const titleUnits = words(paper.title)
    .map((word) => termsOfWord(word.text))
    .filter((terms) => terms.length > 0)
    .map((terms, i) => ({ covers: [i], terms: terms.map((term) => ({ term, weight: TITLE_WEIGHT })) }));
  const terms = new Set(titleUnits.flatMap((unit) => unit.terms.map((t) => t.term)));
  const counts = new Map<string, number>();
  for (const term of indexTerms(withoutUrls(paper.abstract))) counts.set(term, (counts.get(term) ?? 0) + 1);
  const shared = (term: string) => index.idf(term) < index.idf('\u0000never-a-term') - 0.01;
  const telling = [...counts]
    .filter(([term]) => !terms.has(term) && shared(term))
    .map(([term, count]) => ({ term, value: Math.log(1 + count) * index.idf(term) }))
    .sort((a, b) => b.value - a.value || a.term.localeCompare(b.term))
    .slice(0, ABSTRACT_TERMS);
  return [
    ...titleUnits,
    ...telling.map(({ term }, i) => ({ covers: [titleUnits.length + i], terms: [{ term, weight: ABSTRACT_WEIGHT }] })),
  ];
}

/** The papers most like the given one, never itself. */
export function similarPapers(index: PaperIndex, paper: Paper, options: Omit<SearchOptions, 'exclude'> = {}) {
  return index.searchUnits(paperTerms(index, paper), { ...options, exclude: new Set([paper.id]) });
}
