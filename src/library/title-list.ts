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

/**
 * Whether `bytes` from `start` to `end` hold `needle`'s bytes: a title searched where it is stored, since decoding
 * each of thousands of titles to search it cost more than the rest of a search.
 */
function holdsBytes(bytes: Buffer, start: number, end: number, needle: Buffer): boolean {
  const first = needle[0];
  next: for (let at = start; at + needle.length <= end; at += 1) {
    if (bytes[at] !== first) continue;
    for (let i = 1; i < needle.length; i += 1) if (bytes[at + i] !== needle[i]) continue next;
    return true;
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
  // The needle last sought, as bytes: `holds` is asked of thousands of titles per search, one needle each time.
  let sought = { needle: '', bytes: Buffer.alloc(0) };
  return {
    size,
    of,
    holds(doc, needle) {
      const title = newer.get(doc);
      if (title !== undefined || doc >= stored) return (title ?? spaced('')).includes(needle);
      if (sought.needle !== needle) sought = { needle, bytes: Buffer.from(needle) };
      return holdsBytes(bytes, starts[doc]!, starts[doc + 1]! - 1, sought.bytes);
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
