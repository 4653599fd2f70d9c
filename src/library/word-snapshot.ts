import type Database from 'better-sqlite3';
import { joinedWordList, lowerBound, type WordList, wordAt, wordListOf } from '../search/vocabulary.js';
import { arrayAt, bytesOf, hasSnapshots, readSnapshot, snapshotChanges, writeSnapshot } from './snapshots.js';

// The vocabulary is read at every start: as one stored list (sorted, with counts) plus the few words changed
// since it was written, rather than 300,000 rows to read and sort (two seconds of a start).

/** The list as stored: the word count n, each word's document count and where it starts (Uint32, n + 1), the words. */
export function encodeWordList(list: WordList): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(list.counts.length, 0);
  return Buffer.concat([head, bytesOf(list.counts), bytesOf(list.starts), list.bytes]);
}

export function decodeWordList(blob: Buffer): WordList {
  const n = blob.readUInt32LE(0);
  const counts = arrayAt(Uint32Array, blob, 4, n);
  const starts = arrayAt(Uint32Array, blob, 4 + n * 4, n + 1);
  return { counts, starts, bytes: blob.subarray(4 + (2 * n + 1) * 4) };
}

/**
 * Every word used, read one row at a time in SQLite's order (UTF-8 bytes), which is JavaScript's but for
 * letters beyond U+E000: sorted again only then, so an ingest never holds the words twice over as rows.
 */
function allWords(db: Database.Database): WordList {
  const words: string[] = [];
  const counts: number[] = [];
  const rows = db.prepare('SELECT word, df FROM words WHERE df > 0 ORDER BY word').raw().iterate() as IterableIterator<
    [string, number]
  >;
  let sorted = true;
  for (const [word, df] of rows) {
    if (words.length > 0 && words[words.length - 1]! >= word) sorted = false;
    words.push(word);
    counts.push(df);
  }
  if (!sorted) return wordListOf(words.map((word, i) => [word, counts[i]!] as const));
  return joinedWordList(Buffer.from(words.join('\n')), Uint32Array.from(counts));
}

/** Writes the whole vocabulary as one list and forgets the changes it now holds. */
export function writeWordSnapshot(db: Database.Database): void {
  writeSnapshot(db, 'words', encodeWordList(allWords(db)));
  db.exec('DELETE FROM word_changes');
}

/** Notes words whose counts a batch changed (or drops the snapshot), and writes the snapshot again when due. */
export const wordChanges = (db: Database.Database) =>
  snapshotChanges<string>(db, 'words', { changes: 'word_changes', key: 'word', of: 'words' }, writeWordSnapshot);

/** The vocabulary's words: the snapshot with the changes since applied (every row when there is no snapshot). */
export function readWordList(db: Database.Database): WordList {
  const blob = hasSnapshots(db) ? readSnapshot(db, 'words') : undefined;
  if (!blob) return allWords(db);
  const changes = db
    .prepare('SELECT c.word, coalesce(w.df, 0) FROM word_changes c LEFT JOIN words w ON w.word = c.word')
    .raw()
    .all() as [string, number][];
  const stored = decodeWordList(blob);
  return changes.length === 0 ? stored : applyChanges(stored, new Map(changes));
}

/**
 * The stored list with new counts (0: no longer used) and new words merged in, still sorted (both lists are):
 * the unchanged words between two changes are carried over as one slice of the stored bytes.
 */
function applyChanges(stored: WordList, changes: ReadonlyMap<string, number>): WordList {
  const changed = [...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: Buffer[] = [];
  const n = stored.counts.length;
  const counts = new Uint32Array(n + changed.length);
  let size = 0;
  let i = 0;
  const carry = (to: number) => {
    if (to === i) return;
    parts.push(stored.bytes.subarray(stored.starts[i]!, stored.starts[to]! - 1));
    counts.set(stored.counts.subarray(i, to), size);
    size += to - i;
    i = to;
  };
  for (const [word, df] of changed) {
    const at = lowerBound((k) => wordAt(stored, k), word, i, n);
    carry(at);
    if (at < n && wordAt(stored, at) === word) i += 1;
    if (df > 0) {
      parts.push(Buffer.from(word));
      counts[size++] = df;
    }
  }
  carry(n);
  const newline = Buffer.from('\n');
  const joined = Buffer.concat(parts.flatMap((part, k) => (k === 0 ? [part] : [newline, part])));
  return joinedWordList(joined, counts.slice(0, size));
}
