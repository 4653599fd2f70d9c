import SearchableMap from 'minisearch/SearchableMap';
import { surfaceParts, words } from '../core/text.js';

/**
 * The words of the collection as people type them (lowercased, compounds joined) with how many papers
 * use each. It corrects typos and completes a half-typed last word against words that really occur,
 * so a query never fuzzes a correctly spelled word into noise.
 */
export interface Vocabulary {
  has(word: string): boolean;
  /** How many papers use the word. */
  frequency(word: string): number;
  /**
   * The closest known word within a few edits (adjacent swaps count as one), the commonest on ties; only
   * words in at least `atLeast` papers are considered.
   */
  correct(word: string, atLeast?: number): string | undefined;
  /** Known words that start with the prefix (any word for ""), the commonest first. */
  complete(prefix: string, limit: number): string[];
}

export function maxTypoEdits(word: string): number {
  if (word.length < 4) return 0;
  return word.length < 8 ? 1 : 2;
}

export function buildVocabulary(documentFrequency: ReadonlyMap<string, number>): Vocabulary {
  const map = new SearchableMap<number>();
  for (const [word, df] of documentFrequency) map.set(word, df);

  return {
    has: (word) => map.has(word),
    frequency: (word) => map.get(word) ?? 0,
    correct(word, atLeast = 0) {
      const edits = maxTypoEdits(word);
      if (edits === 0 || /\d/.test(word)) return undefined;
      // Levenshtein counts a swap of neighbours as two edits: words one swap away are looked up directly,
      // which is far cheaper than fuzzy matching at one more edit (a swap plus another edit is not found).
      const near = map.fuzzyGet(word, edits);
      for (let i = 0; i + 1 < word.length; i += 1) {
        const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
        const df = map.get(swapped);
        if (df !== undefined) near.set(swapped, [df, 2]);
      }
      let best: { word: string; distance: number; df: number } | undefined;
      for (const [candidate, [df]] of near) {
        const distance = editDistance(word, candidate);
        // People rarely mistype a word's first letter, so a candidate that changes it is a different word
        // ("painting" is not a typo of "gaining"), unless the first two letters were swapped.
        const sameStart = candidate[0] === word[0] || (candidate[0] === word[1] && candidate[1] === word[0]);
        if (distance > edits || !sameStart || df < atLeast) continue;
        if (
          !best ||
          distance < best.distance ||
          (distance === best.distance && df > best.df) ||
          (distance === best.distance && df === best.df && candidate < best.word)
        ) {
          best = { word: candidate, distance, df };
        }
      }
      return best?.word;
    },
    complete(prefix, limit) {
      return [...map.atPrefix(prefix)]
        .filter(([word]) => word !== prefix)
        .sort(([a, dfA], [b, dfB]) => dfB - dfA || (a < b ? -1 : 1))
        .slice(0, limit)
        .map(([word]) => word);
    },
  };
}

/** Optimal string alignment distance: Levenshtein where swapping two adjacent letters is one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

/** The words of a text as the vocabulary holds them: each part, and a compound joined ("try-on" → try, on, tryon). */
export function surfaceForms(text: string): Set<string> {
  const forms = new Set<string>();
  for (const word of words(text)) {
    const parts = surfaceParts(word.text);
    for (const part of parts) forms.add(part);
    if (parts.length > 1) forms.add(parts.join(''));
  }
  return forms;
}
