import { describe, expect, it } from 'vitest';
import { weighed } from '../src/search/rank.js';
import { topK } from '../src/search/top-k.js';
import { type ScoredWord, scoreWords, scratchFor } from '../src/search/word-scoring.js';

const DOCS = 20_000;

function generator(seed: number) {
  return () => (seed = (seed * 48271) % 2147483647) / 2147483647;
}

/**
 * A query's words over DOCS papers: a rare word or two and common ones, as typed queries are, impacts skewed; a
 * term weighs as BM25 weighs it (the rarer, the more telling) and a word's share of the query follows its terms.
 */
function queryOf(random: () => number): ScoredWord[] {
  const words = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
    Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const density = random() < 0.3 ? 0.01 : random() * 0.5;
      const docs = Uint32Array.from({ length: DOCS }, (_, doc) => doc).filter(() => random() < density);
      const impacts = Float32Array.from(docs, () => (random() < 0.05 ? 4 + 4 * random() : random()));
      const weight = random() < 0.2 ? 0 : Math.log(1 + 1 / density) * (0.5 + random());
      return { docs, impacts, best: Math.max(0, ...impacts), weight };
    }),
  );
  const tellings = words.map((terms) => 0.1 + Math.max(...terms.map((term) => term.weight)));
  const sum = tellings.reduce((a, b) => a + b, 0);
  return words.map((terms, i) => ({ share: tellings[i]! / sum, terms }));
}

describe('scoring the typed words', () => {
  it('finds the same best papers, scored the same, as scoring every paper with a word, while scoring fewer', () => {
    const random = generator(15);
    const scratch = scratchFor(DOCS);
    let pruned = 0;
    for (let q = 0; q < 60; q += 1) {
      const words = queryOf(random);
      const limit = q % 2 ? 10 : 100;
      const allowed = q % 5 === 0 ? Uint8Array.from({ length: DOCS }, () => (random() < 0.5 ? 1 : 0)) : undefined;
      const keep = [7, 70, 700].filter((doc) => !allowed || allowed[doc]);
      const relevance = (doc: number) => weighed(scratch.scores[doc]!, scratch.covered[doc]!);
      const every = scoreWords(words, scratch, { limit, allowed, keep, exhaustive: true });
      const expected = topK(every, relevance, limit).map((doc) => [doc, relevance(doc)]);
      const kept = keep.map((doc) => (every.includes(doc) ? relevance(doc) : 0));
      const before = scratch.word;
      const some = scoreWords(words, scratch, { limit, allowed, keep });
      const found = topK(some, relevance, limit).map((doc) => [doc, relevance(doc)]);
      expect(found.map(([doc]) => doc)).toEqual(expected.map(([doc]) => doc));
      expect(found.map(([, value]) => value)).toEqual(expected.map(([, value]) => expect.closeTo(value!, 9)));
      expect(keep.map(relevance)).toEqual(kept.map((value) => expect.closeTo(value, 9)));
      // Marks number the words scored: a doc marked before this call's words was not looked at.
      const unscored = every.filter((doc) => scratch.marks[doc]! <= before).length;
      if (unscored > every.length / 10) pruned += 1;
    }
    // About one query in eight here leaves a tenth or more of the papers having a word unlooked at (a word alone
    // is always read in full, and lists are looked up only when far longer than the candidates); scoring them all
    // would pass the checks above too.
    expect(pruned).toBeGreaterThan(5);
  });
});
