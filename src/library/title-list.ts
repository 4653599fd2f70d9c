/**
 * Every paper's title as `normaliseTitle` writes it, spaced (" title ") for whole-word `includes`, by row id.
 * Held as the snapshot stores them (UTF-8, titles separated by newlines) with where each starts, not a string
 * per paper: a start decodes nothing, and a scan of all titles is one native `indexOf` loop (UTF-8 bytes match
 * where the text does). Titles written since the snapshot are kept apart and win over their stale copy.
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

/** Titles as the snapshot stores them: spaced, joined by newlines, with where each starts (so a start scans nothing). */
export function storedTitles(titles: readonly string[]): { bytes: Buffer; starts: Uint32Array } {
  const starts = new Uint32Array(titles.length + 1);
  titles.forEach((title, doc) => {
    starts[doc + 1] = starts[doc]! + Buffer.byteLength(spaced(title)) + 1;
  });
  return { bytes: Buffer.from(titles.map(spaced).join('\n')), starts };
}

/** A needle's bytes and, per byte value, how far a window ending on it may move on (Boyer-Moore-Horspool). */
interface Needle {
  readonly text: string;
  readonly bytes: Buffer;
  readonly shift: Uint32Array;
}

function needleOf(text: string): Needle {
  const bytes = Buffer.from(text);
  const shift = new Uint32Array(256).fill(bytes.length);
  for (let i = 0; i < bytes.length - 1; i += 1) shift[bytes[i]!] = bytes.length - 1 - i;
  return { text, bytes, shift };
}

/**
 * Whether `bytes` from `start` to `end` hold the needle's bytes: a title searched where it is stored, since decoding
 * each of thousands of titles to search it cost more than the rest of a search. Windows move on by the needle's
 * shift table: reading every byte of 130,000 titles took 10 ms of a search at 1 M papers.
 */
function holdsBytes(bytes: Buffer, start: number, end: number, { bytes: needle, shift }: Needle): boolean {
  const last = needle.length - 1;
  for (let at = start; at + last < end; at += shift[bytes[at + last]!]!) {
    let i = last;
    while (i >= 0 && bytes[at + i] === needle[i]) i -= 1;
    if (i < 0) return true;
  }
  return false;
}

/** The titles over their stored bytes and starts (one past the end last), and those written since. */
export function titleList(
  bytes: Buffer,
  starts: Uint32Array,
  changed: ReadonlyMap<number, string> = new Map(),
): TitleList {
  const stored = starts.length - 1;
  const newer = new Map([...changed].map(([doc, title]) => [doc, spaced(title)]));
  const size = [...newer.keys()].reduce((most, doc) => Math.max(most, doc + 1), stored);
  const of = (doc: number) =>
    newer.get(doc) ?? (doc < stored ? bytes.toString('utf8', starts[doc]!, starts[doc + 1]! - 1) : spaced(''));
  /** The row id whose title holds a byte of the stored titles: the last start at or before it. */
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
  // The needle last sought: `holds` is asked of thousands of titles per search, one needle each time.
  let sought = needleOf('');
  return {
    size,
    of,
    holds(doc, needle) {
      const title = newer.get(doc);
      if (title !== undefined || doc >= stored) return (title ?? spaced('')).includes(needle);
      if (sought.text !== needle) sought = needleOf(needle);
      return holdsBytes(bytes, starts[doc]!, starts[doc + 1]! - 1, sought);
    },
    holding(needle) {
      const found = new Set<number>();
      const sought = Buffer.from(needle);
      for (let at = bytes.indexOf(sought); at >= 0; at = bytes.indexOf(sought, at + 1)) {
        const doc = docAt(at);
        if (!newer.has(doc)) found.add(doc);
      }
      for (const [doc, title] of newer) if (title.includes(needle)) found.add(doc);
      return [...found];
    },
  };
}
