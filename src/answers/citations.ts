import type { Paper } from '../core/paper.js';
import { sentences } from '../core/text.js';

/** One sentence of a written answer with the papers it cites, each one the model was given. */
export interface CitedSentence {
  readonly text: string;
  readonly papers: readonly Paper[];
}

export interface Checked {
  readonly sentences: readonly CitedSentence[];
  /** Sentences left out: no citation of a paper the model was given. */
  readonly dropped: number;
  /** Citation numbers that named no paper the model was given ([7] of five). */
  readonly foreign: readonly number[];
}

// [1], [1, 2], [1; 3], [1-3] (a range), with the space before it.
const MARKER = /\s*\[(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\]/g;
const LEADING_MARKERS = /^(?:\[\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\]\s*)+/;
// Ranges longer than this are not citations ("[2019-2024]").
const MAX_RANGE = 10;

/** The numbers in a run of markers: "[1, 3][5-6]" → 1, 3, 5, 6. */
function numbersIn(text: string): number[] {
  return [...text.matchAll(MARKER)].flatMap((match) =>
    match[1]!.split(/\s*[,;]\s*/).flatMap((part) => {
      const [from, to = from] = part.split(/\s*[–-]\s*/).map(Number) as [number, number?];
      if (to < from || to - from > MAX_RANGE) return [];
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    }),
  );
}

/** A sentence without its markers, list bullets and markdown emphasis, which renderers would show as typed. */
const tidy = (text: string) =>
  text
    .replace(MARKER, '')
    .replace(/^\s*(?:[-*•]|\d+\.)\s+/, '')
    .replace(/\*\*|__/g, '')
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Reads a model's answer as sentences citing the numbered papers of its prompt. A citation of a paper it was not
 * given is removed, and a sentence left citing none is dropped: every sentence shown stands on a given abstract.
 * Markers written after the full stop ("… method. [2]") belong to the sentence before.
 */
export function checkCitations(answer: string, papers: readonly Paper[]): Checked {
  const read: { text: string; numbers: number[] }[] = [];
  for (const { text } of sentences(answer)) {
    const leading = LEADING_MARKERS.exec(text)?.[0] ?? '';
    const previous = read.at(-1);
    if (leading && previous) previous.numbers.push(...numbersIn(leading));
    const rest = previous ? text.slice(leading.length) : text;
    const body = tidy(rest);
    if (body) read.push({ text: body, numbers: numbersIn(rest) });
  }
  const given = (n: number) => n >= 1 && n <= papers.length;
  const kept = read.flatMap(({ text, numbers }) => {
    const cited = [...new Set(numbers.filter(given))];
    return cited.length ? [{ text, papers: cited.map((n) => papers[n - 1]!) }] : [];
  });
  return {
    sentences: kept,
    dropped: read.length - kept.length,
    foreign: [...new Set(read.flatMap(({ numbers }) => numbers.filter((n) => !given(n))))],
  };
}
