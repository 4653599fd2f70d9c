import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { log } from '../core/log.js';
import { mergePaper } from './merge.js';
import { type FieldTerms, fieldTerms, paperWords } from '../search/paper-terms.js';
import { normaliseTitle, type Paper, type PaperId, PaperSchema } from '../core/paper.js';
import { decodePostings, encodePostings, FIELDS, joinPostings, type PostingList, postingsOf } from './postings.js';
import type { Entry } from '../ingest/sources/read-result.js';

export interface BatchCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * Every paper the bot knows, in SQLite (`DATA_DIR/papers.db`): the papers as JSON with their index terms,
 * an inverted index of those terms (posting lists with per-field counts) and the vocabulary with document
 * counts, all written in one transaction per batch, so a crash never leaves half a batch. Chosen over lowdb
 * because the collection can reach hundreds of thousands of papers: little is loaded in memory to answer
 * (each paper's title and field lengths), and a restart opens the file in about a second.
 *
 * The inverted index is kept in segments, one per batch, as search engines do: a batch appends its papers'
 * posting lists instead of rewriting every list it touches. A paper's postings are live only in the segment
 * holding the batch it was last written in (an updated paper leaves stale ones behind, dropped when their
 * segment is merged), and segments are merged as they grow (see `createSegments`), so a term is always a
 * handful of rows.
 */
export interface DocLayout {
  readonly segment: Int32Array;
  /** Each paper's title as `normaliseTitle` writes it ('' for no paper). */
  readonly titles: string[];
  /** FIELDS.length term counts per row id. */
  readonly lengths: Uint32Array;
}

export interface PaperSummary {
  readonly id: PaperId;
  readonly title: string;
  /** The title as `normaliseTitle` writes it, with a space at each end (whole-word `includes`). */
  readonly spacedTitle: string;
  /** The title's and the abstract's index terms in order, space-separated with a space at each end (phrase checks). */
  readonly terms: { readonly title: string; readonly abstract: string };
}

export interface Library {
  readonly file: string;
  count(): number;
  get(id: PaperId): Paper | undefined;
  /** Ingests a batch: new papers added, known ones (same arXiv id, or a seed with the same title) merged. */
  ingest(entries: readonly Entry[], now: number): BatchCounts;
  byTitle(title: string): Paper | undefined;
  /** Papers in a stable order: newest first, then most upvoted, then as added. */
  newest(limit: number, offset?: number): Paper[];
  all(): IterableIterator<Paper>;
  /** A term's posting lists, one per segment (stale docs included: see `layout`). */
  postings(term: string): { segment: number; list: PostingList }[];
  /** Per row id, the segment its live postings are in (-1: no paper), its title and its number of terms per field. */
  layout(): DocLayout;
  /** Changes whenever the library changes, in this process or another. */
  version(): string;
  /** What re-ranking reads of papers, by row id: id, title and the title's and abstract's terms in order. */
  summaries(rowids: readonly number[]): Map<number, PaperSummary>;
  /** Papers by row id, in the order asked (undefined for a row id without a paper). */
  papersAt(rowids: readonly number[]): (Paper | undefined)[];
  /** Every surface word with its document count (for typo correction and completion). */
  words(): IterableIterator<[string, number]>;
  /** The id a paper has now, for an id it had before (a seed later found on arXiv). */
  canonicalId(id: PaperId): PaperId;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS papers (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  norm_title TEXT NOT NULL,
  published TEXT,
  upvotes INTEGER,
  data TEXT NOT NULL,
  terms TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  segment INTEGER NOT NULL DEFAULT 0,
  title_len INTEGER NOT NULL DEFAULT 0,
  abstract_len INTEGER NOT NULL DEFAULT 0,
  authors_len INTEGER NOT NULL DEFAULT 0,
  parts_len INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS papers_by_title ON papers (norm_title);
CREATE INDEX IF NOT EXISTS papers_by_recency ON papers (published DESC, upvotes DESC, rowid);
CREATE TABLE IF NOT EXISTS aliases (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`;

// Stored by segment, so writing or merging one touches its own pages only; found by term through an index.
// papers_layout finds a batch's papers when merging, and holds everything `layout` reads at start, so start-up
// reads a small index instead of every paper's row.
const INDEX_SCHEMA = `
DROP TABLE IF EXISTS papers_fts_terms;
DROP TABLE IF EXISTS papers_fts;
DROP TABLE IF EXISTS postings;
DROP TABLE IF EXISTS segments;
CREATE TABLE postings (segment INTEGER NOT NULL, term TEXT NOT NULL, docs BLOB NOT NULL, PRIMARY KEY (segment, term)) WITHOUT ROWID;
CREATE INDEX postings_by_term ON postings (term);
CREATE TABLE segments (segment INTEGER PRIMARY KEY, papers INTEGER NOT NULL, merged_into INTEGER);
DROP INDEX IF EXISTS papers_by_segment;
DROP INDEX IF EXISTS papers_layout;
CREATE INDEX papers_layout ON papers (segment, title_len, abstract_len, authors_len, parts_len, norm_title);`;

// Columns added since the first release, for databases written by it (which also had an FTS5 index instead of postings).
const ADDED_COLUMNS = ['segment', 'title_len', 'abstract_len', 'authors_len', 'parts_len'];
const INDEX_FORMAT = 'postings-4';
// How many segments of one size tier are merged into one.
const MERGE_FANOUT = 4;
// Rows read at a time from each segment being merged.
const MERGE_PAGE = 5000;
// Papers per segment when the index is rebuilt from the stored terms.
const REBUILD_CHUNK = 5000;

/** Text in SQLite's order (its bytes in UTF-8), which differs from JavaScript's (UTF-16 code units) beyond U+E000. */
const sqliteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** JSON with keys sorted, so two equal papers compare equal whatever order their fields were set in. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v);

// Each paper's terms are stored at ingest, so a query never stems a candidate again; as four lines of space-separated terms: compact, and split back without parsing JSON.
const packTerms = (terms: FieldTerms) => [terms.title, terms.abstract, terms.authors, terms.parts].map((t) => t.join(' ')).join('\n');
function unpackTerms(text: string): FieldTerms {
  const [title = '', abstract = '', authors = '', parts = ''] = text.split('\n');
  const list = (line: string) => (line ? line.split(' ') : []);
  return { title: list(title), abstract: list(abstract), authors: list(authors), parts: list(parts) };
}

export function openLibrary(file: string): Library {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = NORMAL');
  upgradeSchema(db);

  const parse = (data: string) => PaperSchema.parse(JSON.parse(data));
  const byId = db.prepare<[string], { rowid: number; data: string }>('SELECT rowid, data FROM papers WHERE id = ?');
  const byNormTitle = db.prepare<[string], { rowid: number; data: string }>('SELECT rowid, data FROM papers WHERE norm_title = ? LIMIT 1');
  const insertRow = db.prepare(`INSERT INTO papers (id, norm_title, published, upvotes, data, terms, added_at, updated_at, segment, title_len, abstract_len, authors_len, parts_len)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const updateRow = db.prepare(`UPDATE papers SET id = ?, norm_title = ?, published = ?, upvotes = ?, data = ?, terms = ?, updated_at = ?,
    segment = ?, title_len = ?, abstract_len = ?, authors_len = ?, parts_len = ? WHERE rowid = ?`);
  const changeWord = db.prepare('INSERT INTO words (word, df) VALUES (?, ?) ON CONFLICT (word) DO UPDATE SET df = df + excluded.df');
  const alias = db.prepare('INSERT OR REPLACE INTO aliases (old_id, new_id) VALUES (?, ?)');
  const aliasOf = db.prepare<[string], { new_id: string }>('SELECT new_id FROM aliases WHERE old_id = ?');
  const postingRows = db.prepare<[string], { segment: number; docs: Buffer }>('SELECT segment, docs FROM postings WHERE term = ?');
  const summaryRows = db.prepare<[string], { rowid: number; id: string; title: string; norm_title: string; terms: string }>(
    "SELECT rowid, id, json_extract(data, '$.title') AS title, norm_title, terms FROM papers WHERE rowid IN (SELECT value FROM json_each(?))");
  const paperRows = db.prepare<[string], { rowid: number; data: string }>('SELECT rowid, data FROM papers WHERE rowid IN (SELECT value FROM json_each(?))');
  const holders = db.prepare<[], [number, number]>('SELECT segment, coalesce(merged_into, segment) FROM segments').raw();
  const segments = createSegments(db);
  let writes = 0;

  // Papers written in this batch, by row id, with their terms: they become the batch's segment.
  let written = new Map<number, FieldTerms>();
  let segment = 0;
  const lengthsOf = (terms: FieldTerms) => FIELDS.map((field) => terms[field].length);

  function insertPaper(paper: Paper, now: number) {
    const terms = fieldTerms(paper);
    const info = insertRow.run(paper.id, normaliseTitle(paper.title), paper.published ?? null, paper.upvotes ?? null, JSON.stringify(paper), packTerms(terms), now, now, segment, ...lengthsOf(terms));
    written.set(Number(info.lastInsertRowid), terms);
    addWords(paperWords(paper), 1);
  }

  function updatePaper(rowid: number, paper: Paper, now: number) {
    const terms = fieldTerms(paper);
    updateRow.run(paper.id, normaliseTitle(paper.title), paper.published ?? null, paper.upvotes ?? null, JSON.stringify(paper), packTerms(terms), now, segment, ...lengthsOf(terms), rowid);
    written.set(rowid, terms);
  }

  // Word counts change by many small steps per batch; they are summed here and written once per word.
  let wordChanges = new Map<string, number>();
  const addWords = (words: Iterable<string>, step: 1 | -1) => {
    for (const word of words) wordChanges.set(word, (wordChanges.get(word) ?? 0) + step);
  };

  function store(incoming: Paper, updateOnly: boolean, now: number): keyof BatchCounts {
    // A paper known under a newer id (a seed since found on arXiv) is found through its alias; a seed (no
    // arXiv id) that now arrives from arXiv is the same paper, found by its title.
    const aliased = aliasOf.get(incoming.id)?.new_id;
    const found = byId.get(incoming.id) ?? (aliased ? byId.get(aliased) : undefined) ?? byNormTitle.get(normaliseTitle(incoming.title));
    if (!found) {
      if (updateOnly) return 'unchanged';
      insertPaper(incoming, now);
      return 'added';
    }
    const known = parse(found.data);
    if (known.arxivId && incoming.arxivId && known.arxivId !== incoming.arxivId) {
      // Same title, different arXiv papers: keep both.
      if (updateOnly) return 'unchanged';
      insertPaper(incoming, now);
      return 'added';
    }
    const merged = mergePaper(known, incoming);
    if (canonicalJson(merged) === canonicalJson(known)) return 'unchanged';
    if (merged.id !== known.id) alias.run(known.id, merged.id);
    updatePaper(found.rowid, merged, now);
    const before = paperWords(known);
    const after = paperWords(merged);
    addWords([...after].filter((word) => !before.has(word)), 1);
    addWords([...before].filter((word) => !after.has(word)), -1);
    return 'updated';
  }

  const ingest = db.transaction((entries: readonly Entry[], now: number) => {
    const counts: BatchCounts = { added: 0, updated: 0, unchanged: 0 };
    wordChanges = new Map();
    written = new Map();
    segment = segments.next();
    for (const entry of entries) counts[store(entry.paper, entry.updateOnly, now)] += 1;
    for (const [word, step] of wordChanges) if (step !== 0) changeWord.run(word, step);
    if (written.size > 0) {
      segments.add(segment, postingsOf(written), written.size);
    }
    return counts;
  });

  return {
    file,
    count: () => (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n,
    get(id) {
      const row = byId.get(id) ?? byId.get(aliasOf.get(id)?.new_id ?? '');
      return row ? parse(row.data) : undefined;
    },
    ingest(entries, now) {
      const counts = ingest.immediate(entries, now);
      writes += 1;
      return counts;
    },
    byTitle(title) {
      const row = byNormTitle.get(normaliseTitle(title));
      return row ? parse(row.data) : undefined;
    },
    newest(limit, offset = 0) {
      return db.prepare<[number, number], { data: string }>('SELECT data FROM papers ORDER BY published DESC, upvotes DESC, rowid LIMIT ? OFFSET ?')
        .all(limit, offset).map((row) => parse(row.data));
    },
    *all() {
      for (const row of db.prepare<[], { data: string }>('SELECT data FROM papers ORDER BY rowid').iterate()) yield parse(row.data);
    },
    postings: (term) => postingRows.all(term).map((row) => ({ segment: row.segment, list: decodePostings(row.docs) })),
    layout() {
      const top = (db.prepare('SELECT coalesce(max(rowid), 0) AS n FROM papers').get() as { n: number }).n;
      const segment = new Int32Array(top + 1).fill(-1);
      // A paper records the batch it was written in; the segment holding that batch now may be a merged one.
      const holder = new Map(holders.all());
      const lengths = new Uint32Array((top + 1) * FIELDS.length);
      const titles = new Array<string>(top + 1).fill('');
      const rows = db.prepare('SELECT rowid, segment, norm_title, title_len, abstract_len, authors_len, parts_len FROM papers').raw().iterate() as IterableIterator<[number, number, string, ...number[]]>;
      for (const [rowid, seg, title, ...fieldLengths] of rows) {
        segment[rowid] = holder.get(seg) ?? 0;
        titles[rowid] = title;
        lengths.set(fieldLengths, rowid * FIELDS.length);
      }
      return { segment, titles, lengths };
    },
    version: () => `${String(db.pragma('data_version', { simple: true }))}:${writes}`,
    summaries(rowids) {
      const rows = summaryRows.all(JSON.stringify(rowids));
      return new Map(rows.map((row) => {
        const [title = '', abstract = ''] = row.terms.split('\n', 2);
        return [row.rowid, { id: row.id, title: row.title, spacedTitle: ` ${row.norm_title} `, terms: { title: ` ${title} `, abstract: ` ${abstract} ` } }];
      }));
    },
    papersAt(rowids) {
      const rows = paperRows.all(JSON.stringify(rowids));
      const byRow = new Map(rows.map((row) => [row.rowid, row.data]));
      return rowids.map((rowid) => (byRow.has(rowid) ? parse(byRow.get(rowid)!) : undefined));
    },
    *words() {
      for (const row of db.prepare<[], { word: string; df: number }>('SELECT word, df FROM words WHERE df > 0').iterate()) yield [row.word, row.df];
    },
    canonicalId: (id) => aliasOf.get(id)?.new_id ?? id,
    close: () => db.close(),
  };
}

/** Creates the tables, or brings a database written by an earlier paperbot up to date (once, in one transaction). */
function upgradeSchema(db: Database.Database): void {
  db.exec(SCHEMA);
  const upToDate = () => {
    const columns = new Set((db.pragma('table_info(papers)') as { name: string }[]).map((column) => column.name));
    const format = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'index'").get()?.value;
    return { columns, done: format === INDEX_FORMAT && ADDED_COLUMNS.every((column) => columns.has(column)) };
  };
  if (upToDate().done) return;
  db.transaction(() => {
    // Asked again under the write lock: another process may have upgraded the file meanwhile.
    const { columns, done } = upToDate();
    if (done) return;
    const papers = (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
    // Warned, not just logged, so a one-shot command (which logs warnings only) says why it pauses.
    if (papers > 0) log.warn({ file: db.name, papers }, 'building the search index of this library (once, after an upgrade: about 20 s per 100,000 papers)');
    for (const column of ADDED_COLUMNS) if (!columns.has(column)) db.exec(`ALTER TABLE papers ADD COLUMN ${column} INTEGER NOT NULL DEFAULT 0`);
    db.exec(INDEX_SCHEMA);
    rebuildPostings(db);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('index', ?)").run(INDEX_FORMAT);
  }).immediate();
}

/** The inverted index made again from the terms stored with each paper. */
function rebuildPostings(db: Database.Database): void {
  const segments = createSegments(db);
  const place = db.prepare('UPDATE papers SET segment = ?, title_len = ?, abstract_len = ?, authors_len = ?, parts_len = ? WHERE rowid = ?');
  const chunkAfter = db.prepare<[number, number], { rowid: number; terms: string }>('SELECT rowid, terms FROM papers WHERE rowid > ? ORDER BY rowid LIMIT ?');
  for (let after = 0; ;) {
    const rows = chunkAfter.all(after, REBUILD_CHUNK);
    if (rows.length === 0) break;
    const segment = segments.next();
    const chunk = new Map(rows.map((row) => [row.rowid, unpackTerms(row.terms)]));
    for (const [rowid, terms] of chunk) place.run(segment, ...FIELDS.map((field) => terms[field].length), rowid);
    segments.add(segment, postingsOf(chunk), chunk.size);
    after = rows[rows.length - 1]!.rowid;
  }
}

/**
 * The segments of the inverted index: numbering, writing and merging them. After each write, the newest few
 * segments are merged into one when they are of about one size (the oldest of them less than MERGE_FANOUT
 * times the newest): sizes then grow in tiers, so there are only a few segments per tier, each posting is
 * rewritten about log4(batches) times, and a small refresh merges small segments, never the whole index.
 */
function createSegments(db: Database.Database) {
  const insert = db.prepare('INSERT INTO postings (segment, term, docs) VALUES (?, ?, ?)');
  const record = db.prepare('INSERT INTO segments (segment, papers) VALUES (?, ?)');
  const newest = db.prepare<[number], { segment: number; papers: number }>('SELECT segment, papers FROM segments WHERE merged_into IS NULL ORDER BY segment DESC LIMIT ?');
  const pageOf = db.prepare<[number, string, number], [string, Buffer]>('SELECT term, docs FROM postings WHERE segment = ? AND term > ? ORDER BY term LIMIT ?').raw();
  const batchesIn = db.prepare<[string, string], [number, number]>(
    'SELECT segment, coalesce(merged_into, segment) FROM segments WHERE segment IN (SELECT value FROM json_each(?)) OR merged_into IN (SELECT value FROM json_each(?))').raw();
  const papersOf = db.prepare<[string], [number, number]>('SELECT rowid, segment FROM papers WHERE segment IN (SELECT value FROM json_each(?))').raw();
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
    const live = new Map(papersOf.all(JSON.stringify([...holderOf.keys()])).map(([rowid, batch]) => [rowid, holderOf.get(batch)!]));
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
      const bound = open.length > 0 ? open.map((cursor) => cursor.after).reduce((a, b) => (sqliteOrder(a, b) < 0 ? a : b)) : undefined;
      const byTerm = new Map<string, { segment: number; list: PostingList }[]>();
      for (const cursor of cursors) {
        let taken = 0;
        for (const [term, docs] of cursor.rows) {
          if (bound !== undefined && sqliteOrder(term, bound) > 0) break;
          byTerm.set(term, [...(byTerm.get(term) ?? []), { segment: cursor.segment, list: decodePostings(docs) }]);
          taken += 1;
        }
        cursor.rows = cursor.rows.slice(taken);
      }
      for (const [term, lists] of byTerm) {
        const joined = joinPostings(lists.map((l) => l.list), (doc, l) => live.get(doc) === lists[l]!.segment);
        if (joined.docs.length > 0) insert.run(target, term, encodePostings(joined));
      }
    }
    db.prepare('DELETE FROM postings WHERE segment IN (SELECT value FROM json_each(?))').run(list);
    db.prepare('UPDATE segments SET merged_into = ? WHERE segment IN (SELECT value FROM json_each(?)) OR merged_into IN (SELECT value FROM json_each(?))').run(target, list, list);
    record.run(target, live.size);
  }

  return {
    next,
    /** Writes a segment, then merges the newest MERGE_FANOUT segments while they are of one size tier. */
    add(segment: number, lists: ReadonlyMap<string, PostingList>, papers: number) {
      write(segment, lists, papers);
      for (let tier = newest.all(MERGE_FANOUT); tier.length === MERGE_FANOUT && tier[MERGE_FANOUT - 1]!.papers < MERGE_FANOUT * tier[0]!.papers; tier = newest.all(MERGE_FANOUT)) {
        merge(tier.map((row) => row.segment));
      }
    },
  };
}
