import { allTermsOfWord, sentences, withoutUrls, words } from '../core/text.js';

/** A short piece of an abstract with the ranges of the words that matched the query. */
export interface Snippet {
  readonly text: string;
  /** [start, end) character ranges of matched words in `text`, in order, not overlapping. */
  readonly marks: readonly (readonly [number, number])[];
}

export const SNIPPET_MAX_LENGTH = 300;

export interface ScoredSentence {
  readonly text: string;
  /** The index terms of the query this sentence contains. */
  readonly matched: ReadonlySet<string>;
  readonly score: number;
}

/** Scores each sentence of a text by the summed weight of the distinct query terms it contains. */
export function scoreSentences(text: string, weightOf: (term: string) => number | undefined): ScoredSentence[] {
  return sentences(text).map((sentence) => {
    const matched = new Set<string>();
    for (const word of words(withoutUrls(sentence.text))) {
      for (const term of allTermsOfWord(word)) if (weightOf(term) !== undefined) matched.add(term);
    }
    let score = 0;
    for (const term of matched) score += weightOf(term) ?? 0;
    return { text: sentence.text, matched, score };
  });
}

/** Marks the words of a sentence that carry one of the terms, cut to at most `max` characters around them. */
export function markSentence(text: string, terms: ReadonlySet<string>, max = SNIPPET_MAX_LENGTH): Snippet {
  const marks = words(withoutUrls(text))
    .filter((word) => allTermsOfWord(word).some((term) => terms.has(term)))
    .map((word) => [word.start, word.end] as const);
  if (text.length <= max) return { text, marks };

  // Start shortly before the first match so the reader sees why it matched, then cut on word boundaries.
  const firstMark = marks[0]?.[0] ?? 0;
  let start = firstMark < max / 3 ? 0 : text.lastIndexOf(' ', firstMark - 40) + 1;
  let end = Math.min(text.length, start + max - 2);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  if (start > 0 && text.length - start < max - 2) start = Math.max(0, text.indexOf(' ', text.length - max + 2) + 1);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const shift = prefix.length - start;
  return {
    text: prefix + text.slice(start, end).trimEnd() + suffix,
    marks: marks.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s + shift, e + shift] as const),
  };
}

/** The abstract sentence that best matches the query terms; the first sentence when none does. */
export function bestSnippet(abstract: string, weightOf: (term: string) => number | undefined): Snippet {
  const scored = scoreSentences(abstract, weightOf);
  let best = scored[0];
  for (const sentence of scored) if (best && sentence.score > best.score) best = sentence;
  if (!best) return { text: '', marks: [] };
  return markSentence(best.text, best.matched);
}
