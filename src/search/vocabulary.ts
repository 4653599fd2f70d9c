import { surfaceFormsOfWord, words } from '../core/text.js';

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

/**
 * Words in JavaScript's string order with their document counts: how a vocabulary is held and stored. The words
 * are UTF-8 bytes, joined by newlines, with where each starts: a start reads them as they are stored, where
 * splitting them into 300,000 strings took a third of a second and 50 MB.
 */
export interface WordList {
  readonly bytes: Buffer;
  /** Where each word starts in `bytes`, and one past the end (as if a newline followed the last). */
  readonly starts: Uint32Array;
  readonly counts: Uint32Array;
}

const NEWLINE = 0x0a;

/** A word list over words already sorted and joined by newlines. */
export function joinedWordList(bytes: Buffer, counts: Uint32Array): WordList {
  const starts = new Uint32Array(counts.length + 1);
  for (let i = 1, at = bytes.indexOf(NEWLINE); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) starts[i++] = at + 1;
  starts[counts.length] = bytes.length + 1;
  return { bytes, starts, counts };
}

/** The word at an index of the list. */
export const wordAt = ({ bytes, starts }: WordList, i: number) =>
  bytes.toString('utf8', starts[i]!, starts[i + 1]! - 1);

export function maxTypoEdits(word: string): number {
  if (word.length < 4) return 0;
  return word.length < 8 ? 1 : 2;
}

/** The words used by at least one paper, sorted, with their counts. */
export function wordListOf(documentFrequency: Iterable<readonly [string, number]>): WordList {
  const entries = [...documentFrequency].filter(([, df]) => df > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const bytes = Buffer.from(entries.map(([word]) => word).join('\n'));
  return joinedWordList(
    bytes,
    Uint32Array.from(entries, ([, df]) => df),
  );
}

export const buildVocabulary = (documentFrequency: ReadonlyMap<string, number>): Vocabulary =>
  vocabularyOf(wordListOf(documentFrequency));

/** The first index in [from, to) whose word is not below `target`. */
export function lowerBound(word: (i: number) => string, target: string, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (word(mid) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Above every UTF-16 code unit a word continues with, so [prefix, prefix + END) holds the words with the prefix.
const END = '\uffff';

/**
 * A vocabulary over a sorted word list: lookups by binary search, so it is ready as soon as the list is read
 * (a tree of 300,000 words took two seconds to build at every start). Typo correction walks the sorted words as
 * a trie, sharing the edit-distance rows of a common prefix and skipping every word under a prefix already
 * too far from the typed word.
 */
export function vocabularyOf(list: WordList): Vocabulary {
  const { starts, counts } = list;
  // Words decoded once each, as searches meet them: binary searches and typo correction visit the same few
  // thousand again and again.
  const decoded = new Map<number, string>();
  const known = (i: number) => {
    let text = decoded.get(i);
    if (text === undefined) decoded.set(i, (text = wordAt(list, i)));
    return text;
  };
  const indexOf = (target: string) => {
    const at = lowerBound(known, target, 0, counts.length);
    return at < counts.length && known(at) === target ? at : -1;
  };
  const rangeOf = (prefix: string) => {
    const from = lowerBound(known, prefix, 0, counts.length);
    return [from, lowerBound(known, prefix + END, from, counts.length)] as const;
  };

  /** Calls `visit` for each word in [from, to) within `edits` (optimal string alignment) of `word`. */
  function near(word: string, edits: number, from: number, to: number, visit: (at: number, d: number) => void) {
    const n = word.length;
    // rows[k]: distances from the candidate's first k letters to each prefix of `word`.
    const rows: Int32Array[] = [Int32Array.from({ length: n + 1 }, (_, j) => j)];
    let depth = 0;
    let previous = '';
    for (let i = from; i < to; ) {
      const candidate = known(i);
      let shared = 0;
      while (shared < depth && previous[shared] === candidate[shared]) shared += 1;
      depth = shared;
      let pruned = false;
      for (let k = depth; k < candidate.length; k += 1) {
        const above = rows[k]!;
        const row = (rows[k + 1] ??= new Int32Array(n + 1));
        row[0] = k + 1;
        let least = row[0];
        for (let j = 1; j <= n; j += 1) {
          const cost = candidate[k] === word[j - 1] ? 0 : 1;
          let value = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
          if (k > 0 && j > 1 && candidate[k] === word[j - 2] && candidate[k - 1] === word[j - 1]) {
            value = Math.min(value, rows[k - 1]![j - 2]! + 1);
          }
          row[j] = value;
          if (value < least) least = value;
        }
        depth = k + 1;
        if (least > edits) {
          pruned = true;
          i = lowerBound(known, candidate.slice(0, k + 1) + END, i, to);
          break;
        }
      }
      previous = candidate;
      if (pruned) continue;
      const distance = rows[candidate.length]![n]!;
      if (distance <= edits) visit(i, distance);
      i += 1;
    }
  }

  return {
    has: (word) => indexOf(word) >= 0,
    frequency(word) {
      const at = indexOf(word);
      return at >= 0 ? counts[at]! : 0;
    },
    correct(word, atLeast = 0) {
      const edits = maxTypoEdits(word);
      if (edits === 0 || /\d/.test(word)) return undefined;
      let best: { at: number; distance: number } | undefined;
      const consider = (at: number, distance: number) => {
        const df = counts[at]!;
        if (df < atLeast) return;
        if (
          !best ||
          distance < best.distance ||
          (distance === best.distance && (df > counts[best.at]! || (df === counts[best.at]! && at < best.at)))
        ) {
          best = { at, distance };
        }
      };
      // People rarely mistype a word's first letter, so a candidate that changes it is a different word
      // ("painting" is not a typo of "gaining"), unless the first two letters were swapped. The nearer words
      // are looked for first: any of them is chosen over every farther one, and a walk allowing one edit
      // prunes the sorted words far sooner than one allowing two (full corpus: 12 ms a typo of 9 letters, then 3-4).
      for (let within = 1; within <= edits && !best; within += 1) {
        near(word, within, ...rangeOf(word[0]!), consider);
        if (word[1] !== word[0]) near(word, within, ...rangeOf(`${word[1]}${word[0]}`), consider);
      }
      return best ? known(best.at) : undefined;
    },
    complete(prefix, limit) {
      const [from, to] = rangeOf(prefix);
      const prefixBytes = Buffer.byteLength(prefix);
      // The best `limit` so far, commonest first (ties: first in order, as the scan goes in order).
      const best: number[] = [];
      for (let at = from; at < to; at += 1) {
        // Every word in the range starts with the prefix: one of its length is the prefix itself.
        if (starts[at + 1]! - 1 - starts[at]! === prefixBytes) continue;
        const df = counts[at]!;
        if (best.length === limit && df <= counts[best[limit - 1]!]!) continue;
        let place = best.length;
        while (place > 0 && counts[best[place - 1]!]! < df) place -= 1;
        best.splice(place, 0, at);
        if (best.length > limit) best.pop();
      }
      return best.map(known);
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
  for (const word of words(text)) for (const form of surfaceFormsOfWord(word.text)) forms.add(form);
  return forms;
}
