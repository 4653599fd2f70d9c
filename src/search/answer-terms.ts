import type { Paper } from '../core/paper.js';
import { normaliseTitle } from '../core/paper.js';
import { arxivIdOf } from '../core/paper-ref.js';
import type { PaperIndex, SearchHit } from './paper-index.js';
import { scoreSentences } from './snippet.js';

/** A text searched for, with the weight each of its terms carries, to score sentences against it. */
export interface Weighed {
  readonly hits: readonly SearchHit[];
  readonly weightOf: (term: string) => number | undefined;
  /** The summed weight of the text's words: what a sentence containing all of them scores. */
  readonly total: number;
  /** The share of the text's weight a passage contains, from 0 to 1. */
  readonly coverage: (passage: string) => number;
}

export function weigh(index: PaperIndex, text: string, limit: number): Weighed {
  const { hits, plan } = index.search(text, { limit });
  const weights = new Map<string, number>();
  for (const unit of plan.units)
    for (const t of unit.terms) weights.set(t.term, Math.max(t.weight, weights.get(t.term) ?? 0));
  const weightOf = (term: string) => (weights.has(term) ? index.idf(term) * weights.get(term)! : undefined);
  const total = plan.units
    .filter((unit) => unit.covers.length === 1)
    .reduce((sum, unit) => sum + Math.max(0, ...unit.terms.map((t) => weightOf(t.term) ?? 0)), 0);
  const coverage = (passage: string) => {
    if (!total) return 0;
    const matched = new Set(scoreSentences(passage, weightOf).flatMap((sentence) => [...sentence.matched]));
    return Math.min(1, [...matched].reduce((sum, term) => sum + (weightOf(term) ?? 0), 0) / total);
  };
  return { hits, weightOf, total, coverage };
}

// A coined word: inner capitals, an acronym or letters with digits ("HyperStyle", "LaDI-VTON", "Word2Vec").
const COINED = /\p{L}[\p{Ll}\p{N}-]*\p{Lu}|\p{L}\p{N}|\p{N}\p{L}/u;

/**
 * A paper's short name, the part of its title before a colon, when it is a coinage ("HyperStyle", "LaDI-VTON"):
 * "Graph classification: a survey" has no name, or every question on graph classification would name it.
 */
export function shortName(paper: Paper): string | undefined {
  const at = paper.title.indexOf(':');
  if (at < 0) return undefined;
  const name = paper.title.slice(0, at).trim();
  return name.split(/\s+/).length <= 4 && COINED.test(name) ? name : undefined;
}

const ARXIV_ID = /(?:arxiv:\s*)?(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*\/\d{7})(?:v\d+)?/gi;

/**
 * The papers a question names: by arXiv id or link, or by the short name of a matching paper. An answer
 * about a named paper must come from it, not from another paper that mentions it.
 */
export function namedPapers(index: PaperIndex, question: string, hits: readonly SearchHit[]): Paper[] {
  const byId = [...question.matchAll(ARXIV_ID)]
    .map((m) => arxivIdOf(m[0]))
    .flatMap((id) => (id ? [index.get(index.canonicalId(id))] : []))
    .filter((paper): paper is Paper => paper !== undefined);
  const asked = ` ${normaliseTitle(question)} `;
  const byName = hits
    .map((hit) => hit.paper)
    .filter((paper) => {
      const name = shortName(paper);
      return name !== undefined && asked.includes(` ${normaliseTitle(name)} `);
    });
  return [...new Map([...byId, ...byName].map((paper) => [paper.id, paper])).values()];
}
