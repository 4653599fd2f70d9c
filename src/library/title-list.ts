/**
 * Every paper's title as `normaliseTitle` writes it, spaced (" title ") for whole-word `includes`, by row id.
 * Held as one string (titles separated by newlines) with where each starts, not a string per paper: a start
 * reads it from the stored snapshot at once, and a scan of all titles is one `indexOf` loop. Titles written
 * since the snapshot are kept apart and win over their stale copy in the string.
 */
export interface TitleList {
  readonly size: number;
  /** The spaced title of a row id ('  ' for none). */
  of(doc: number): string;
  /** Whether a row id's spaced title holds the needle. */
  holds(doc: number, needle: string): boolean;
  /** The row ids whose spaced title holds the needle (a spaced phrase, so it never spans two titles). */
  holding(needle: string): number[];
}

const spaced = (title: string) => ` ${title} `;

/** Titles joined as the snapshot stores them. */
export const joinTitles = (titles: readonly string[]) => titles.map(spaced).join('\n');

export function titleList(text: string, changed: ReadonlyMap<number, string> = new Map()): TitleList {
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines += 1;
  const stored = text.length === 0 ? 0 : lines;
  // Where each title starts, and one past the end (as if a newline followed the last).
  const starts = new Uint32Array(stored + 1);
  for (let doc = 1, at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts[doc++] = at + 1;
  starts[stored] = text.length + 1;
  const newer = new Map([...changed].map(([doc, title]) => [doc, spaced(title)]));
  const size = [...newer.keys()].reduce((most, doc) => Math.max(most, doc + 1), stored);
  const of = (doc: number) =>
    newer.get(doc) ?? (doc < stored ? text.slice(starts[doc]!, starts[doc + 1]! - 1) : spaced(''));
  /** The row id whose title holds a position of `text`: the last start at or before it. */
  const docAt = (position: number) => {
    let lo = 0;
    let hi = stored - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    size,
    of,
    holds: (doc, needle) => of(doc).includes(needle),
    holding(needle) {
      const found = new Set<number>();
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
        const doc = docAt(at);
        if (!newer.has(doc)) found.add(doc);
      }
      for (const [doc, title] of newer) if (title.includes(needle)) found.add(doc);
      return [...found];
    },
  };
}
