// What a word is, as `WORD` in text.ts says it: letters and digits, possibly joined by a hyphen, an underscore
// or an apostrophe. Scanned by hand for reading text into the index, which meets tens of millions of words:
// a word is then looked up where it stands, and only a word never met before becomes a string of its own.
const ASCII_WORD = new Uint8Array(128).map((_, c) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 0,
);
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** The length in code units of the letter or digit at `i` (2 for one beyond U+FFFF), or 0 for anything else. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c]!;
  if (Number.isNaN(c)) return 0;
  const point = text.codePointAt(i)!;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(point)) ? (point > 0xffff ? 2 : 1) : 0;
}

const isJoiner = (c: number) => c === 45 || c === 95 || c === 39 || c === 0x2019;

/** Calls `visit` with where each word of `text` starts and ends, as `text.match(WORD)` finds them, in order. */
export function forEachWord(text: string, visit: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let step = wordCharAt(text, i);
    if (!step) {
      i += 1;
      continue;
    }
    const start = i;
    i += step;
    for (;;) {
      while (i < n && (step = wordCharAt(text, i))) i += step;
      if (i + 1 < n && isJoiner(text.charCodeAt(i)) && (step = wordCharAt(text, i + 1))) i += 1 + step;
      else break;
    }
    visit(start, i);
  }
}

/** A hash table of words met, keyed by a word where it stands in a text, open addressing. */
function wordTable<T>(slots: number) {
  const keys: (string | undefined)[] = new Array(slots);
  const values: T[] = new Array(slots);
  let size = 0;
  return {
    get size() {
      return size;
    },
    /** The slot holding the word at `start`..`end` of `text`, or the empty slot where it would go. */
    slotOf(text: string, start: number, end: number, hash: number): number {
      const length = end - start;
      for (let slot = hash & (slots - 1); ; slot = (slot + 1) & (slots - 1)) {
        const key = keys[slot];
        if (key === undefined || (key.length === length && text.startsWith(key, start))) return slot;
      }
    },
    has: (slot: number) => keys[slot] !== undefined,
    value: (slot: number) => values[slot]!,
    set(slot: number, key: string, value: T) {
      keys[slot] = key;
      values[slot] = value;
      size += 1;
    },
  };
}

// A word matched in a text is, from 13 characters on, a slice that keeps the whole text alive: one remembered
// would hold its paper's abstract (a worker reading ahead grew to 182 MB of heap so, against 64 MB). Kept as a copy.
const ownCopy = (word: string) => (word.length < 13 ? word : Buffer.from(word).toString());

/**
 * A function of words, remembered for the words met most, looked up by where a word stands in a text (no
 * string is made for a word met before). Two generations of `generation` words, so clearing the older never
 * forgets the commonest words. Results are shared, never handed out to be changed.
 */
export function wordMemo<T>(
  compute: (word: string) => T,
  generation: number,
): (text: string, start: number, end: number) => T {
  // Half full at most, so a search ends in a probe or two.
  const slots = 2 ** Math.ceil(Math.log2(2 * generation));
  let young = wordTable<T>(slots);
  let old = wordTable<T>(slots);
  return (text, start, end) => {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    let slot = young.slotOf(text, start, end, hash);
    if (young.has(slot)) return young.value(slot);
    const inOld = old.slotOf(text, start, end, hash);
    const word = ownCopy(text.slice(start, end));
    const value = old.has(inOld) ? old.value(inOld) : compute(word);
    if (young.size >= generation) {
      old = young;
      young = wordTable<T>(slots);
      slot = young.slotOf(text, start, end, hash);
    }
    young.set(slot, word, value);
    return value;
  };
}
