import type { WeightedQuery } from './engine.js';
import { type RankedPlan, typedNeedle } from './rank.js';

/**
 * The terms to look up and, per typed word, how telling it is (the rarest of the terms that stand for it), with
 * the typed phrase and the anchor terms that engines use to find titles holding the typed words.
 */
export function weighQuery(
  plan: RankedPlan,
  idf: (term: string) => number,
  documentFrequency: (term: string) => number,
): WeightedQuery {
  const terms = new Map<string, number>();
  for (const unit of plan.units) {
    for (const { term, weight } of unit.terms) terms.set(term, Math.max(weight, terms.get(term) ?? 0));
  }
  const words = new Map<number, { weight: number; terms: Set<string> }>();
  for (const unit of plan.units) {
    const telling = Math.max(...unit.terms.map((t) => idf(t.term) * t.weight));
    for (const covered of unit.covers) {
      const word = words.get(covered) ?? { weight: 0, terms: new Set<string>() };
      word.weight = Math.max(word.weight, telling);
      for (const { term } of unit.terms) word.terms.add(term);
      words.set(covered, word);
    }
  }
  // The anchors: the terms of the words typed in full, fewest papers first (a title holding a word has all its terms).
  const complete = plan.units.filter((unit) => unit.covers.length === 1 && unit.covers[0] !== plan.partial);
  const anchors = [...new Set(complete.flatMap((unit) => unit.terms.filter((t) => t.weight === 1).map((t) => t.term)))]
    .filter((term) => documentFrequency(term) > 0)
    .sort((a, b) => documentFrequency(a) - documentFrequency(b));
  const typed = typedNeedle(plan);
  return {
    terms,
    words: [...words.values()].map((word) => ({ weight: word.weight, terms: [...word.terms] })),
    ...(typed ? { typed } : {}),
    ...(anchors.length > 0 ? { anchors } : {}),
  };
}
