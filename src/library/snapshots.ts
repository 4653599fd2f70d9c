import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import type Database from 'better-sqlite3';

// Snapshots are files beside the library, not rows in it: SQLite read a 13 MB blob in 100–180 ms, page by
// page, where the file is read in 10–20 ms. The library names each file's stamp (a random prefix) and size,
// so a file it does not name (written by a process that stopped before committing, newer than a reader's view
// of the library, cut short or replaced) is never read: a start then reads every row instead.

const STAMP = 16;

/**
 * When a stored snapshot (the vocabulary, the papers' layout) is written again: what a start reads is the
 * snapshot plus what changed since, so the changes are kept few. After each batch, once they are a quarter of
 * everything (a bulk ingest rewrites it a few times, not per batch); at the end of a bulk ingest, once they
 * are more than a hundredth.
 */
function snapshotDue(changes: number, total: number, final: boolean): boolean {
  return final ? changes > 0 && changes >= 0.01 * total : changes >= 20_000 && changes >= 0.25 * total;
}

/** Where a snapshot's file is (none for a library in memory). */
const fileOf = (db: Database.Database, name: string) => (db.memory ? undefined : `${db.name}.${name}`);

const stampOf = (db: Database.Database, name: string) =>
  db.prepare('SELECT stamp, size FROM snapshot_files WHERE name = ?').get(name) as
    | { stamp: Buffer; size: number }
    | undefined;

/** The file a snapshot is in and the stamp and size the library names for it, if it names one. */
function namedFile(db: Database.Database, name: string) {
  const file = fileOf(db, name);
  const named = file ? stampOf(db, name) : undefined;
  return file && named ? { file, ...named } : undefined;
}

/** Runs `read` on the open file, or gives undefined when there is no file. */
function withFile<T>(file: string, read: (fd: number) => T): T | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return read(fd);
  } finally {
    closeSync(fd);
  }
}

export function readSnapshot(db: Database.Database, name: string): Buffer | undefined {
  const named = namedFile(db, name);
  const data = named && withFile(named.file, (fd) => readFileSync(fd));
  const fits = data && data.length === STAMP + named.size && data.subarray(0, STAMP).equals(named.stamp);
  return fits ? data.subarray(STAMP) : undefined;
}

/**
 * Forgets a snapshot: a bulk ingest changes most of what it holds, so rather than noting every change it
 * drops it (a start then reads every row) and its settle writes it anew.
 */
function dropSnapshot(db: Database.Database, name: string): void {
  db.prepare('DELETE FROM snapshot_files WHERE name = ?').run(name);
}

/**
 * Writes a snapshot's file whole (to a temporary name, synced, then renamed over the old one) and names it in
 * the library, in the caller's transaction: until that commits, readers keep to the rows.
 */
export function writeSnapshot(db: Database.Database, name: string, data: Buffer): void {
  const file = fileOf(db, name);
  if (!file) return;
  const stamp = randomBytes(STAMP);
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeFileSync(fd, stamp);
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  db.prepare('INSERT OR REPLACE INTO snapshot_files (name, stamp, size) VALUES (?, ?, ?)').run(
    name,
    stamp,
    data.length,
  );
}

/** Whether the library has a snapshot it can read, without reading more of the file than its stamp. */
export function hasSnapshot(db: Database.Database, name: string): boolean {
  const named = namedFile(db, name);
  const fits = (fd: number) => {
    const stamp = Buffer.alloc(STAMP);
    readSync(fd, stamp, 0, STAMP, 0);
    return fstatSync(fd).size === STAMP + named!.size && stamp.equals(named!.stamp);
  };
  return (named && withFile(named.file, fits)) ?? false;
}

/** Where a snapshot's changes are noted: the table of changed keys, its key column, and the table it snapshots. */
interface ChangesOf {
  readonly changes: string;
  readonly key: string;
  readonly of: string;
}

/**
 * Notes the keys a batch changed since a snapshot was written (or drops the snapshot), and writes it again
 * (`write`, which also forgets the changes) when due or missing.
 */
export function snapshotChanges<K extends string | number>(
  db: Database.Database,
  name: string,
  { changes, key, of }: ChangesOf,
  write: (db: Database.Database) => void,
) {
  const note = db.prepare(`INSERT OR IGNORE INTO ${changes} (${key}) VALUES (?)`);
  const changed = db.prepare(`SELECT count(*) FROM ${changes}`).pluck();
  const total = db.prepare(`SELECT count(*) FROM ${of}`).pluck();
  return {
    note: (changedKey: K) => note.run(changedKey),
    drop: () => dropSnapshot(db, name),
    settle(final: boolean) {
      const due = snapshotDue(changed.get() as number, total.get() as number, final);
      if (due || !hasSnapshot(db, name)) write(db);
    },
  };
}

/** `count` 32-bit values of the blob from byte `at`: a view where they are aligned (as read from a file), else a copy. */
export function arrayAt<T extends Int32Array | Uint32Array>(
  Kind: new (buffer: ArrayBufferLike, offset?: number, length?: number) => T,
  blob: Buffer,
  at: number,
  count: number,
): T {
  const offset = blob.byteOffset + at;
  if (offset % 4 === 0) return new Kind(blob.buffer, offset, count);
  const copy = new Kind(new ArrayBuffer(count * 4));
  Buffer.from(copy.buffer).set(blob.subarray(at, at + count * 4));
  return copy;
}

/** An array's bytes as stored, without copying them (the counterpart of `arrayAt`). */
export const bytesOf = (array: Int32Array | Uint32Array) =>
  Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/** Whether a library file has the snapshot tables (one written by an older paperbot may not, until upgraded). */
export const hasSnapshots = (db: Database.Database) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'snapshot_files'").get() !== undefined;
