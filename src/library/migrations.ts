import type Database from 'better-sqlite3';
import { log } from '../core/log.js';
import type { Paper } from '../core/paper.js';
import type { FieldTerms } from '../search/paper-terms.js';
import { indexingOf } from './indexing.js';
import { writeLayoutSnapshot } from './layout-snapshot.js';
import { postingsOf } from './postings.js';
import { ADDED_COLUMNS, INDEX_FORMAT, INDEX_SCHEMA, packTerms, SCHEMA } from './schema.js';
import { createSegments } from './segments.js';
import { hasSnapshot } from './snapshots.js';
import { writeWordSnapshot } from './word-snapshot.js';

// Papers per segment when the index is rebuilt from the stored terms.
const REBUILD_CHUNK = 5000;

/** Creates the tables, or brings a database written by an earlier paperbot up to date (once, in one transaction). */
export function upgradeSchema(db: Database.Database): void {
  db.exec(SCHEMA);
  // Postings were once also indexed by term: that index only slowed writing them (see INDEX_SCHEMA).
  db.exec('DROP INDEX IF EXISTS postings_by_term');
  // Snapshots were once rows, which SQLite reads ten times slower than a file (see snapshots.ts).
  db.exec('DROP TABLE IF EXISTS snapshots');
  const upToDate = () => {
    const columns = new Set((db.pragma('table_info(papers)') as { name: string }[]).map((column) => column.name));
    const format = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'index'").get()?.value;
    return { columns, done: format === INDEX_FORMAT && ADDED_COLUMNS.every((column) => columns.has(column)) };
  };
  if (upToDate().done) {
    writeMissingSnapshots(db);
    return;
  }
  db.transaction(() => {
    // Asked again under the write lock: another process may have upgraded the file meanwhile.
    const { columns, done } = upToDate();
    if (done) return;
    const papers = (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
    // Warned, not just logged, so a one-shot command (which logs warnings only) says why it pauses.
    if (papers > 0) {
      log.warn(
        { file: db.name, papers },
        'building the search index of this library (once, after an upgrade: about a minute per 100,000 papers)',
      );
    }
    for (const column of ADDED_COLUMNS) {
      if (!columns.has(column)) db.exec(`ALTER TABLE papers ADD COLUMN ${column} INTEGER NOT NULL DEFAULT 0`);
    }
    db.exec(INDEX_SCHEMA);
    rebuildPostings(db);
    writeWordSnapshot(db);
    writeLayoutSnapshot(db);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('index', ?)").run(INDEX_FORMAT);
  }).immediate();
}

/** The snapshots a start reads, for a library written before they were kept. */
function writeMissingSnapshots(db: Database.Database): void {
  if (!hasSnapshot(db, 'words')) db.transaction(() => writeWordSnapshot(db)).immediate();
  if (!hasSnapshot(db, 'layout')) db.transaction(() => writeLayoutSnapshot(db)).immediate();
}

/** The inverted index made again, with each paper's terms (what is indexed changed with the format). */
function rebuildPostings(db: Database.Database): void {
  const segments = createSegments(db);
  const place = db.prepare(`UPDATE papers SET segment = ?, terms = ?, title_len = ?, abstract_len = ?, authors_len = ?,
    parts_len = ? WHERE rowid = ?`);
  const chunkAfter = db.prepare<[number, number], { rowid: number; data: string }>(
    'SELECT rowid, data FROM papers WHERE rowid > ? ORDER BY rowid LIMIT ?',
  );
  for (let after = 0; ; ) {
    const rows = chunkAfter.all(after, REBUILD_CHUNK);
    if (rows.length === 0) break;
    const segment = segments.next();
    const chunk = new Map<number, FieldTerms>();
    for (const row of rows) {
      const { terms, lengths } = indexingOf(JSON.parse(row.data) as Paper);
      place.run(segment, packTerms(terms), ...lengths, row.rowid);
      chunk.set(row.rowid, terms);
    }
    segments.add(segment, postingsOf(chunk), chunk.size, { bulk: true });
    after = rows[rows.length - 1]!.rowid;
  }
  segments.compact();
}
