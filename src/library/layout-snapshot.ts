import type Database from 'better-sqlite3';
import { FIELDS } from './postings.js';
import { arrayAt, bytesOf, hasSnapshots, readSnapshot, snapshotChanges, writeSnapshot } from './snapshots.js';
import { storedTitles, type TitleList, titleList } from './title-list.js';

/** What the on-disk engine reads of every paper at start, by row id. */
export interface DocLayout {
  /** The segment holding the paper's live postings (-1: no paper). */
  readonly segment: Int32Array;
  readonly titles: TitleList;
  /** FIELDS.length term counts per row id. */
  readonly lengths: Uint32Array;
}

const WIDTH = FIELDS.length;
type Row = [rowid: number, batch: number, title: string, ...lengths: number[]];
const COLUMNS = 'rowid, segment, norm_title, title_len, abstract_len, authors_len, parts_len';

/**
 * The layout as stored: the row count n, each row's batch (Int32, -1 for none) and field lengths (Uint32), where
 * each spaced title starts (Uint32, n + 1), then the titles joined by newlines. Batches, not segments: merging
 * segments never rewrites it.
 */
function encode(n: number, rows: Iterable<Row>): Buffer {
  const batches = new Int32Array(n).fill(-1);
  const lengths = new Uint32Array(n * WIDTH);
  const titles = new Array<string>(n).fill('');
  for (const [rowid, batch, title, ...fieldLengths] of rows) {
    batches[rowid] = batch;
    titles[rowid] = title;
    lengths.set(fieldLengths, rowid * WIDTH);
  }
  const head = Buffer.alloc(4);
  head.writeUInt32LE(n);
  const spaced = storedTitles(titles);
  return Buffer.concat([head, bytesOf(batches), bytesOf(lengths), bytesOf(spaced.starts), spaced.bytes]);
}

function decode(blob: Buffer) {
  const n = blob.readUInt32LE(0);
  const batches = arrayAt(Int32Array, blob, 4, n);
  const lengths = arrayAt(Uint32Array, blob, 4 + n * 4, n * WIDTH);
  const titles = 4 + n * 4 * (1 + WIDTH);
  const starts = arrayAt(Uint32Array, blob, titles, n + 1);
  return { n, batches, lengths, starts, titles: blob.subarray(titles + (n + 1) * 4) };
}

export function writeLayoutSnapshot(db: Database.Database): void {
  const n = (db.prepare('SELECT coalesce(max(rowid), 0) + 1 FROM papers').pluck().get() as number) || 0;
  const rows = db.prepare(`SELECT ${COLUMNS} FROM papers`).raw().iterate() as IterableIterator<Row>;
  writeSnapshot(db, 'layout', encode(n, rows));
  db.exec('DELETE FROM paper_changes');
}

/** Notes papers a batch wrote (or drops the snapshot), and writes the snapshot again when due. */
export const paperChanges = (db: Database.Database) =>
  snapshotChanges<number>(db, 'layout', { changes: 'paper_changes', key: 'rowid', of: 'papers' }, writeLayoutSnapshot);

/** The layout: the snapshot with the papers written since applied (every row when there is no snapshot). */
export function readLayout(db: Database.Database): DocLayout {
  const blob = hasSnapshots(db) ? readSnapshot(db, 'layout') : undefined;
  const stored = decode(blob ?? encode(0, []));
  const changes = (
    blob
      ? db.prepare(`SELECT ${COLUMNS} FROM papers WHERE rowid IN (SELECT rowid FROM paper_changes)`)
      : db.prepare(`SELECT ${COLUMNS} FROM papers`)
  )
    .raw()
    .all() as Row[];
  const n = changes.reduce((most, [rowid]) => Math.max(most, rowid + 1), stored.n);
  // The stored arrays as they are when no paper was added since (the common start), else grown to hold them.
  let { batches, lengths } = stored;
  if (n > stored.n) {
    batches = new Int32Array(n).fill(-1);
    batches.set(stored.batches);
    lengths = new Uint32Array(n * WIDTH);
    lengths.set(stored.lengths);
  }
  const changedTitles = new Map<number, string>();
  for (const [rowid, batch, title, ...fieldLengths] of changes) {
    batches[rowid] = batch;
    lengths.set(fieldLengths, rowid * WIDTH);
    changedTitles.set(rowid, title);
  }
  // A paper records the batch it was written in; the segment holding that batch now may be a merged one.
  const holder = new Map(
    db.prepare('SELECT segment, coalesce(merged_into, segment) FROM segments').raw().all() as [number, number][],
  );
  const segment = batches.map((batch) => (batch < 0 ? -1 : (holder.get(batch) ?? 0)));
  return { segment, titles: titleList(stored.titles, stored.starts, changedTitles), lengths };
}
