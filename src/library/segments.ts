import type Database from 'better-sqlite3';
import { decodePostings, encodePostings, joinPostings, type PostingList } from './postings.js';

// How many segments of one size tier are merged into one.
const MERGE_FANOUT = 4;
// Rows read at a time from each segment being merged.
const MERGE_PAGE = 5000;

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

  function write(segment: number, lists: ReadonlyMap<string, PostingList>, papers: number) {
    for (const [term, list] of lists) insert.run(segment, term, encodePostings(list));
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
    const live = new Map(
      papersOf.all(JSON.stringify([...holderOf.keys()])).map(([rowid, batch]) => [rowid, holderOf.get(batch)!]),
    );
    // Each source is read a page at a time in term order (a term is one row per segment), and every term up
    // to the lowest last-read one is joined and written, so memory holds a few pages, not the whole index.
    const cursors = sources.map((segment) => ({ segment, rows: [] as [string, Buffer][], after: '', done: false }));
    for (;;) {
      for (const cursor of cursors) {
        if (cursor.rows.length > 0 || cursor.done) continue;
        cursor.rows = pageOf.all(cursor.segment, cursor.after, MERGE_PAGE);
        cursor.done = cursor.rows.length < MERGE_PAGE;
        if (cursor.rows.length > 0) cursor.after = cursor.rows[cursor.rows.length - 1]![0];
      }
      const open = cursors.filter((cursor) => !cursor.done);
      if (open.length === 0 && cursors.every((cursor) => cursor.rows.length === 0)) break;
      const bound =
        open.length > 0
          ? open.map((cursor) => cursor.after).reduce((a, b) => (sqliteOrder(a, b) < 0 ? a : b))
          : undefined;
      const byTerm = new Map<string, { segment: number; list: PostingList }[]>();
      for (const cursor of cursors) {
        let taken = 0;
        for (const [term, docs] of cursor.rows) {
          if (bound !== undefined && sqliteOrder(term, bound) > 0) break;
          const lists = byTerm.get(term);
          const entry = { segment: cursor.segment, list: decodePostings(docs) };
          if (lists) lists.push(entry);
          else byTerm.set(term, [entry]);
          taken += 1;
        }
        cursor.rows = cursor.rows.slice(taken);
      }
      for (const [term, lists] of byTerm) {
        const joined = joinPostings(
          lists.map((l) => l.list),
          (doc, l) => live.get(doc) === lists[l]!.segment,
        );
        if (joined.docs.length > 0) insert.run(target, term, encodePostings(joined));
      }
    }
    db.prepare('DELETE FROM postings WHERE segment IN (SELECT value FROM json_each(?))').run(list);
    db.prepare(`UPDATE segments SET merged_into = ?
      WHERE segment IN (SELECT value FROM json_each(?)) OR merged_into IN (SELECT value FROM json_each(?))`).run(
      target,
      list,
      list,
    );
    record.run(target, live.size);
  }

  /** Whether the newest MERGE_FANOUT segments are of one size tier (the oldest under MERGE_FANOUT × the newest). */
  const oneTier = (tier: readonly { papers: number }[]) =>
    tier.length === MERGE_FANOUT && tier[MERGE_FANOUT - 1]!.papers < MERGE_FANOUT * tier[0]!.papers;

  return {
    next,
    /** Writes a segment, then merges the newest MERGE_FANOUT segments while they are of one size tier. */
    add(segment: number, lists: ReadonlyMap<string, PostingList>, papers: number) {
      write(segment, lists, papers);
      for (let tier = newest.all(MERGE_FANOUT); oneTier(tier); tier = newest.all(MERGE_FANOUT)) {
        merge(tier.map((row) => row.segment));
      }
    },
  };
}
