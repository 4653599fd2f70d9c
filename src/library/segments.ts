import type Database from 'better-sqlite3';
import { joinStored } from './postings.js';

// How many segments of one size tier are merged into one.
const MERGE_FANOUT = 4;
// Rows read at a time from all the segments being merged, shared among them.
const MERGE_ROWS = 4000;

/** Text in SQLite's order (its bytes in UTF-8), which differs from JavaScript's (UTF-16 code units) beyond U+E000. */
// Below U+D800 the two orders agree (UTF-16 code units are then code points, whose order UTF-8 keeps), so
// most terms compare as strings, without encoding both to bytes for every comparison of a merge.
const BEYOND_D800 = /[\uD800-\uFFFF]/;
const sqliteOrder = (a: string, b: string) =>
  BEYOND_D800.test(a) || BEYOND_D800.test(b)
    ? Buffer.compare(Buffer.from(a), Buffer.from(b))
    : a < b
      ? -1
      : a > b
        ? 1
        : 0;

/**
 * The segments of the inverted index: numbering, writing and merging them. After each write, the newest few
 * segments are merged into one when they are of about one size (the oldest of them less than MERGE_FANOUT
 * times the newest): sizes then grow in tiers, so there are only a few segments per tier, each posting is
 * rewritten about log4(batches) times, and a small refresh merges small segments, never the whole index.
 */
export function createSegments(db: Database.Database) {
  const insert = db.prepare('INSERT INTO postings (segment, term, docs) VALUES (?, ?, ?)');
  const dropSegment = db.prepare('DELETE FROM postings WHERE segment = ?');
  const record = db.prepare('INSERT INTO segments (segment, papers) VALUES (?, ?)');
  const newest = db.prepare<[number], { segment: number; papers: number }>(
    'SELECT segment, papers FROM segments WHERE merged_into IS NULL ORDER BY segment DESC LIMIT ?',
  );
  const pageOf = db
    .prepare<[number, string, number], [string, Buffer]>(
      'SELECT term, docs FROM postings WHERE segment = ? AND term > ? ORDER BY term LIMIT ?',
    )
    .raw();
  const batchesIn = db
    .prepare<[string, string], [number, number]>(`SELECT segment, coalesce(merged_into, segment)
    FROM segments WHERE segment IN (SELECT value FROM json_each(?)) OR merged_into IN (SELECT value FROM json_each(?))`)
    .raw();
  const papersOf = db
    .prepare<[string], [number, number]>(
      'SELECT rowid, segment FROM papers WHERE segment IN (SELECT value FROM json_each(?))',
    )
    .raw();
  const next = () => (db.prepare('SELECT coalesce(max(segment), 0) + 1 AS n FROM segments').get() as { n: number }).n;

  function write(segment: number, lists: readonly (readonly [string, Buffer])[], papers: number) {
    for (const [term, blob] of lists) insert.run(segment, term, blob);
    record.run(segment, papers);
  }

  /**
   * Segments as one, keeping only the postings of papers whose latest batch they hold. Papers are not
   * touched: the merged segments' batches are recorded as merged into the new one (so rows of hundreds of
   * megabytes are never rewritten to move a number).
   */
  function merge(sources: readonly number[]) {
    const target = next();
    const list = JSON.stringify(sources);
    const holderOf = new Map(batchesIn.all(list, list));
    // Per row id, the segment holding the paper's live postings (0: none of these): looked up for every posting,
    // and filled row by row, as a merge at the end of a bulk ingest covers every paper.
    const live = new Int32Array(
      (db.prepare('SELECT coalesce(max(rowid), 0) + 1 FROM papers').pluck().get() as number) || 1,
    );
    let papers = 0;
    for (const [rowid, batch] of papersOf.iterate(JSON.stringify([...holderOf.keys()])) as IterableIterator<
      [number, number]
    >) {
      live[rowid] = holderOf.get(batch)!;
      papers += 1;
    }
    // Each source is read a page at a time in term order (a term is one row per segment), and every term up
    // to the lowest last-read one is joined and written, so memory holds a few pages, not the whole index.
    const page = Math.max(100, Math.ceil(MERGE_ROWS / sources.length));
    // Oldest segment first: a bulk ingest's segments hold ascending row ids, so their lists join ascending.
    const cursors = [...sources]
      .sort((a, b) => a - b)
      .map((segment) => ({
        segment,
        rows: [] as [string, Buffer][],
        at: 0,
        after: '',
        done: false,
      }));
    for (;;) {
      for (const cursor of cursors) {
        if (cursor.at < cursor.rows.length || cursor.done) continue;
        cursor.rows = pageOf.all(cursor.segment, cursor.after, page);
        cursor.at = 0;
        cursor.done = cursor.rows.length < page;
        if (cursor.rows.length > 0) cursor.after = cursor.rows[cursor.rows.length - 1]![0];
      }
      const open = cursors.filter((cursor) => !cursor.done);
      if (open.length === 0 && cursors.every((cursor) => cursor.at === cursor.rows.length)) break;
      const bound =
        open.length > 0
          ? open.map((cursor) => cursor.after).reduce((a, b) => (sqliteOrder(a, b) < 0 ? a : b))
          : undefined;
      // Each term's rows, as pairs of numbers (cursor, row): no object per row, as a merge reads millions.
      const byTerm = new Map<string, number[]>();
      cursors.forEach((cursor, c) => {
        for (; cursor.at < cursor.rows.length; cursor.at += 1) {
          const term = cursor.rows[cursor.at]![0];
          if (bound !== undefined && sqliteOrder(term, bound) > 0) break;
          const rows = byTerm.get(term);
          if (rows) rows.push(c, cursor.at);
          else byTerm.set(term, [c, cursor.at]);
        }
      });
      // Terms written in order (JavaScript's is SQLite's for nearly all), so the new segment's rows are appended.
      for (const term of [...byTerm.keys()].sort()) {
        const rows = byTerm.get(term)!;
        const blobs: Buffer[] = [];
        const segments: number[] = [];
        for (let i = 0; i < rows.length; i += 2) {
          const cursor = cursors[rows[i]!]!;
          blobs.push(cursor.rows[rows[i + 1]!]![1]);
          segments.push(cursor.segment);
        }
        const joined = joinStored(blobs, segments, live);
        if (joined.byteLength > 0) insert.run(target, term, joined);
      }
    }
    for (const segment of sources) dropSegment.run(segment);
    db.prepare(`UPDATE segments SET merged_into = ?
      WHERE segment IN (SELECT value FROM json_each(?)) OR merged_into IN (SELECT value FROM json_each(?))`).run(
      target,
      list,
      list,
    );
    record.run(target, papers);
  }

  /** Whether the newest MERGE_FANOUT segments are of one size tier (the oldest under MERGE_FANOUT × the newest). */
  const oneTier = (tier: readonly { papers: number }[]) =>
    tier.length === MERGE_FANOUT && tier[MERGE_FANOUT - 1]!.papers < MERGE_FANOUT * tier[0]!.papers;

  const live = db.prepare<[], { segment: number; papers: number }>(
    'SELECT segment, papers FROM segments WHERE merged_into IS NULL ORDER BY segment DESC',
  );

  return {
    next,
    /**
     * Writes a segment, then merges the newest MERGE_FANOUT segments while they are of one size tier; a batch
     * of a bulk ingest leaves merging to `compact` at its end, so its postings are rewritten once, not per tier.
     */
    add(segment: number, lists: readonly (readonly [string, Buffer])[], papers: number, options: { bulk: boolean }) {
      write(segment, lists, papers);
      if (options.bulk) return;
      for (let tier = newest.all(MERGE_FANOUT); oneTier(tier); tier = newest.all(MERGE_FANOUT)) {
        merge(tier.map((row) => row.segment));
      }
    },
    /**
     * Merges the newest segments into one, as far back as each older one is under MERGE_FANOUT times the
     * newer ones together: a bulk ingest's batches become one segment (fewer rows per term for every search),
     * while a big old segment is not rewritten for a few new batches.
     */
    compact() {
      const segments = live.all();
      let taken = 1;
      let papers = segments[0]?.papers ?? 0;
      for (; taken < segments.length && segments[taken]!.papers < MERGE_FANOUT * papers; taken += 1) {
        papers += segments[taken]!.papers;
      }
      if (taken > 1) merge(segments.slice(0, taken).map((row) => row.segment));
    },
  };
}
