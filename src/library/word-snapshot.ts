import type Database from 'better-sqlite3';
import { type WordList, wordListOf } from '../search/vocabulary.js';
import { dropSnapshot, hasSnapshots, readSnapshot, snapshotDue, writeSnapshot } from './snapshots.js';

// The vocabulary is read at every start: as one stored list (sorted, with counts) plus the few words changed
// since it was written, rather than 300,000 rows to read and sort (two seconds of a start).

/** The list as stored: the word count, each word's document count (4 bytes), then the words, one per line. */
export function encodeWordList(list: WordList): Buffer {
  const head = Buffer.alloc(4 + list.counts.length * 4);
  head.writeUInt32LE(list.counts.length, 0);
  Buffer.from(list.counts.buffer, list.counts.byteOffset, list.counts.byteLength).copy(head, 4);
  return Buffer.concat([head, Buffer.from(list.words.join('\n'))]);
}

export function decodeWordList(blob: Buffer): WordList {
  const n = blob.readUInt32LE(0);
  const counts = new Uint32Array(n);
  Buffer.from(counts.buffer).set(blob.subarray(4, 4 + n * 4));
  const text = blob.subarray(4 + n * 4).toString();
  return { words: n === 0 ? [] : text.split('\n'), counts };
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
  return { words, counts: Uint32Array.from(counts) };
}

/** Writes the whole vocabulary as one list and forgets the changes it now holds. */
export function writeWordSnapshot(db: Database.Database): void {
  writeSnapshot(db, 'words', encodeWordList(allWords(db)));
  db.exec('DELETE FROM word_changes');
}

/** Notes words whose counts a batch changed (or drops the snapshot), and writes the snapshot again when due. */
export function wordChanges(db: Database.Database) {
  const note = db.prepare('INSERT OR IGNORE INTO word_changes (word) VALUES (?)');
  const changed = db.prepare('SELECT count(*) FROM word_changes').pluck();
  const total = db.prepare('SELECT count(*) FROM words').pluck();
  return {
    note: (word: string) => note.run(word),
    drop: () => dropSnapshot(db, 'words'),
    settle(final: boolean) {
      const due = snapshotDue(changed.get() as number, total.get() as number, final);
      if (due || !readSnapshot(db, 'words')) writeWordSnapshot(db);
    },
  };
}

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

/** The stored list with new counts (0: no longer used) and new words merged in, still sorted (both lists are). */
function applyChanges(stored: WordList, changes: ReadonlyMap<string, number>): WordList {
  const changed = [...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const words: string[] = [];
  const counts: number[] = [];
  const push = (word: string, df: number) => {
    if (df <= 0) return;
    words.push(word);
    counts.push(df);
  };
  let c = 0;
  for (let i = 0; i < stored.words.length; i += 1) {
    const word = stored.words[i]!;
    for (; c < changed.length && changed[c]![0] < word; c += 1) push(...changed[c]!);
    if (c < changed.length && changed[c]![0] === word) push(...changed[c++]!);
    else push(word, stored.counts[i]!);
  }
  for (; c < changed.length; c += 1) push(...changed[c]!);
  return { words, counts: Uint32Array.from(counts) };
}
