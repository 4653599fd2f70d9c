import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { normaliseTitle, type Paper, type PaperId, PaperSchema } from '../core/paper.js';
import type { Entry } from '../ingest/sources/read-result.js';
import { dayNumber } from '../search/filters.js';
import { type FieldTerms, paperWords } from '../search/paper-terms.js';
import type { WordList } from '../search/vocabulary.js';
import { indexingOf } from './indexing.js';
import { type DocLayout, paperChanges, readLayout } from './layout-snapshot.js';
import { mergePaper } from './merge.js';
import { upgradeSchema } from './migrations.js';
import { decodePostings, FIELDS, listsOf, type PostingList, postingsOf, shiftDocs } from './postings.js';
import type { PreparedBatch } from './prepared-batch.js';
import { packTerms, unpackTerms } from './schema.js';
import { createSegments } from './segments.js';
import { readWordList, wordChanges as trackWordChanges } from './word-snapshot.js';

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
 * segment is merged), and segments are merged as they grow (`createSegments` in segments.ts), so a term is a
 * handful of rows.
 */
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
  /** Whether it holds more than `limit` papers: counted no further, so a start need not count them all. */
  holdsMoreThan(limit: number): boolean;
  get(id: PaperId): Paper | undefined;
  /**
   * Ingests a batch: new papers added, known ones (same arXiv id, or a seed with the same title) merged. A batch
   * of a bulk ingest is committed with the next ones (up to BULK_COMMIT papers at once) and leaves merging its
   * segment and writing the snapshots to `settle` (or `close`), which commits the rest; one `prepared` in another
   * thread (its papers in the entries' order) is written as prepared when all its papers are new.
   */
  ingest(entries: readonly Entry[], now: number, options?: { bulk?: boolean; prepared?: PreparedBatch }): BatchCounts;
  byTitle(title: string): Paper | undefined;
  /** Papers in a stable order: newest first, then most upvoted, then as added. */
  newest(limit: number, offset?: number): Paper[];
  all(): IterableIterator<Paper>;
  /** A term's posting lists, one per segment (stale docs included: see `layout`). */
  postings(term: string): { segment: number; list: PostingList }[];
  /** Per row id, the segment its live postings are in (-1: no paper), its title and its number of terms per field. */
  layout(): DocLayout;
  /**
   * The end of a bulk ingest: merges its batches' segments into one and writes the snapshots a start reads
   * (vocabulary, layout) again, so the next start reads little besides them. Other batches write them only
   * once a quarter changed.
   */
  settle(): void;
  /** Changes whenever the library changes, in this process or another. */
  version(): string;
  /** What re-ranking reads of papers, by row id: id, title and the title's and abstract's terms in order. */
  summaries(rowids: readonly number[]): Map<number, PaperSummary>;
  /** Papers by row id, in the order asked (undefined for a row id without a paper). */
  papersAt(rowids: readonly number[]): (Paper | undefined)[];
  /** Every surface word with its document count, sorted (for typo correction and completion). */
  wordList(): WordList;
  /** Per row id, the day the paper was published as yyyymmdd (0: unknown or no paper), for filters and order. */
  dates(): Int32Array;
  /** The id a paper has now, for an id it had before (a seed later found on arXiv). */
  canonicalId(id: PaperId): PaperId;
  close(): void;
}

// A bulk ingest commits every this many papers rather than every batch: a commit writes every page its batches
// changed, and each batch changes most pages of the words table (about a tenth of a full-corpus ingest in commits).
const BULK_COMMIT = 10_000;

/** JSON with keys sorted, so two equal papers compare equal whatever order their fields were set in. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** Opens the library; `readonly` for a reader beside the bot's process (a search worker): no schema change, no writes. */
export function openLibrary(file: string, options: { readonly?: boolean } = {}): Library {
  const readonly = options.readonly ?? false;
  if (!readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly, fileMustExist: readonly });
  // Pages of 16 KiB for a new file (an existing one keeps its own): a paper's row is about 2.5 KiB, and
  // 4 KiB pages held one or two of them, leaving a third of the file empty.
  if (!readonly) db.pragma('page_size = 16384');
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  if (!readonly) {
    db.pragma('synchronous = NORMAL');
    upgradeSchema(db);
  }

  const parse = (data: string) => PaperSchema.parse(JSON.parse(data));
  const byId = db.prepare<[string], { rowid: number; data: string }>('SELECT rowid, data FROM papers WHERE id = ?');
  const byNormTitle = db.prepare<[string], { rowid: number; data: string }>(
    'SELECT rowid, data FROM papers WHERE norm_title = ? LIMIT 1',
  );
  const insertRow = db.prepare(`INSERT INTO papers (id, norm_title, published, upvotes, data, terms, added_at,
    updated_at, segment, title_len, abstract_len, authors_len, parts_len)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const updateRow = db.prepare(`UPDATE papers SET id = ?, norm_title = ?, published = ?, upvotes = ?, data = ?,
    terms = ?, updated_at = ?, segment = ?, title_len = ?, abstract_len = ?, authors_len = ?, parts_len = ?
    WHERE rowid = ?`);
  const changeWord = db.prepare(
    'INSERT INTO words (word, df) VALUES (?, ?) ON CONFLICT (word) DO UPDATE SET df = df + excluded.df',
  );
  const alias = db.prepare('INSERT OR REPLACE INTO aliases (old_id, new_id) VALUES (?, ?)');
  const aliasOf = db.prepare<[string], { new_id: string }>('SELECT new_id FROM aliases WHERE old_id = ?');
  const postingRows = db.prepare<[string], { segment: number; docs: Buffer }>(
    'SELECT segment, docs FROM postings WHERE segment IN (SELECT segment FROM segments WHERE merged_into IS NULL) AND term = ?',
  );
  type SummaryRow = { rowid: number; id: string; title: string; norm_title: string; terms: string };
  const summaryRows = db.prepare<[string], SummaryRow>(
    `SELECT rowid, id, json_extract(data, '$.title') AS title, norm_title, terms FROM papers
    WHERE rowid IN (SELECT value FROM json_each(?))`,
  );
  const paperRows = db.prepare<[string], { rowid: number; data: string }>(
    'SELECT rowid, data FROM papers WHERE rowid IN (SELECT value FROM json_each(?))',
  );
  const segments = createSegments(db);
  const changedWords = trackWordChanges(db);
  const changedPapers = paperChanges(db);
  let writes = 0;
  // Papers in the bulk ingest's open commit.
  let inBulkCommit = 0;
  // A read-only library (a search from the shell, a worker) that must store a paper after all (one fetched
  // by id) does so through a second, writable connection, opened then; its reads see the change.
  let writer: Library | undefined;

  // Papers written in this batch, by row id, with their terms: they become the batch's segment.
  let written = new Map<number, FieldTerms>();
  // The batch prepared in another thread, if any, and its papers added: [row id, place in the batch].
  let prepared: PreparedBatch | undefined;
  let addedAhead: [number, number][] = [];
  let segment = 0;
  // The columns insert and update write alike, after the id.
  const columnsOf = (paper: Paper, terms: string) => [
    normaliseTitle(paper.title),
    paper.published ?? null,
    paper.upvotes ?? null,
    JSON.stringify(paper),
    terms,
  ];

  /** Adds a new paper: its row, and its terms and words to the batch's (or, prepared, notes where it went). */
  function insertPaper(paper: Paper, now: number, place: number) {
    if (prepared) {
      const lengths = Array.from(prepared.lengths.subarray(place * FIELDS.length, (place + 1) * FIELDS.length));
      const info = insertRow.run(paper.id, ...columnsOf(paper, prepared.terms[place]!), now, now, segment, ...lengths);
      addedAhead.push([Number(info.lastInsertRowid), place]);
      return;
    }
    const { terms, lengths, words } = indexingOf(paper);
    const info = insertRow.run(paper.id, ...columnsOf(paper, packTerms(terms)), now, now, segment, ...lengths);
    written.set(Number(info.lastInsertRowid), terms);
    addWords(words, 1);
  }

  function updatePaper(rowid: number, paper: Paper, now: number) {
    const { terms, lengths } = indexingOf(paper);
    updateRow.run(paper.id, ...columnsOf(paper, packTerms(terms)), now, segment, ...lengths, rowid);
    written.set(rowid, terms);
  }

  // Word counts change by many small steps per batch; they are summed here and written once per word.
  let wordChanges = new Map<string, number>();
  const addWords = (words: Iterable<string>, step: 1 | -1) => {
    for (const word of words) wordChanges.set(word, (wordChanges.get(word) ?? 0) + step);
  };

  function store({ paper: incoming, updateOnly }: Entry, now: number, place: number): keyof BatchCounts {
    // Readers validate what they build; this keeps a paper over the schema's limits out whatever its path (a
    // prepared batch's papers were read by a reader in the other thread).
    if (!prepared) PaperSchema.parse(incoming);
    // A paper known under a newer id (a seed since found on arXiv) is found through its alias; a seed (no
    // arXiv id) that now arrives from arXiv is the same paper, found by its title.
    const aliased = aliasOf.get(incoming.id)?.new_id;
    const found =
      byId.get(incoming.id) ??
      (aliased ? byId.get(aliased) : undefined) ??
      byNormTitle.get(normaliseTitle(incoming.title));
    if (!found) {
      if (updateOnly) return 'unchanged';
      insertPaper(incoming, now, place);
      return 'added';
    }
    const known = parse(found.data);
    if (known.arxivId && incoming.arxivId && known.arxivId !== incoming.arxivId) {
      // Same title, different arXiv papers: keep both.
      if (updateOnly) return 'unchanged';
      insertPaper(incoming, now, place);
      return 'added';
    }
    const merged = mergePaper(known, incoming);
    if (canonicalJson(merged) === canonicalJson(known)) return 'unchanged';
    if (merged.id !== known.id) alias.run(known.id, merged.id);
    updatePaper(found.rowid, merged, now);
    const before = paperWords(known);
    const after = paperWords(merged);
    addWords(
      [...after].filter((word) => !before.has(word)),
      1,
    );
    addWords(
      [...before].filter((word) => !after.has(word)),
      -1,
    );
    return 'updated';
  }

  /**
   * The batch's word changes in key order and its posting lists: a prepared batch's own when all its papers
   * were added, in consecutive rows (its papers' places then become row ids by adding the first's), else
   * counted and built here.
   */
  function batchIndex(entries: readonly Entry[]): { words: [string, number][]; lists: [string, Buffer][] } {
    const first = addedAhead[0]?.[0] ?? 0;
    if (
      prepared &&
      addedAhead.length === entries.length &&
      addedAhead.every(([rowid, place]) => rowid === first + place)
    ) {
      shiftDocs(prepared.postings, first);
      const { words, wordCounts } = prepared;
      return { words: words.map((word, i) => [word, wordCounts[i]!]), lists: listsOf(prepared.postings) };
    }
    for (const [rowid, place] of addedAhead) {
      written.set(rowid, unpackTerms(prepared!.terms[place]!));
      addWords(paperWords(entries[place]!.paper), 1);
    }
    // In key order: each page of the words table is then visited once, not once per word on it.
    const words = [...wordChanges].filter(([, step]) => step !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { words, lists: postingsOf(written) };
  }

  const ingest = db.transaction(
    (entries: readonly Entry[], now: number, bulk: boolean, ahead: PreparedBatch | undefined) => {
      const counts: BatchCounts = { added: 0, updated: 0, unchanged: 0 };
      wordChanges = new Map();
      written = new Map();
      addedAhead = [];
      prepared = ahead;
      segment = segments.next();
      entries.forEach((entry, place) => {
        counts[store(entry, now, place)] += 1;
      });
      const { words, lists } = batchIndex(entries);
      const papers = written.size + addedAhead.length;
      for (const [word, step] of words) changeWord.run(word, step);
      if (bulk && papers > 0) {
        changedWords.drop();
        changedPapers.drop();
      } else if (!bulk) {
        for (const [word] of words) changedWords.note(word);
        for (const rowid of written.keys()) changedPapers.note(rowid);
        for (const [rowid] of addedAhead) changedPapers.note(rowid);
        changedWords.settle(false);
        changedPapers.settle(false);
      }
      if (papers > 0) segments.add(segment, lists, papers, { bulk });
      return counts;
    },
  );

  return {
    file,
    count: () => (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n,
    holdsMoreThan: (limit) =>
      (db
        .prepare('SELECT count(*) FROM (SELECT 1 FROM papers LIMIT ?)')
        .pluck()
        .get(limit + 1) as number) > limit,
    get(id) {
      const row = byId.get(id) ?? byId.get(aliasOf.get(id)?.new_id ?? '');
      return row ? parse(row.data) : undefined;
    },
    ingest(entries, now, options) {
      if (readonly) return (writer ??= openLibrary(file)).ingest(entries, now, options);
      const bulk = options?.bulk ?? false;
      if (bulk && !db.inTransaction) {
        db.exec('BEGIN IMMEDIATE');
        inBulkCommit = 0;
      }
      // Inside a bulk commit, the batch's own transaction is a savepoint of it.
      const counts = ingest.immediate(entries, now, bulk, options?.prepared);
      inBulkCommit += entries.length;
      if (bulk && inBulkCommit >= BULK_COMMIT) db.exec('COMMIT');
      writes += 1;
      return counts;
    },
    byTitle(title) {
      const row = byNormTitle.get(normaliseTitle(title));
      return row ? parse(row.data) : undefined;
    },
    newest(limit, offset = 0) {
      return db
        .prepare<[number, number], { data: string }>(
          'SELECT data FROM papers ORDER BY published DESC, upvotes DESC, rowid LIMIT ? OFFSET ?',
        )
        .all(limit, offset)
        .map((row) => parse(row.data));
    },
    *all() {
      const rows = db.prepare<[], { data: string }>('SELECT data FROM papers ORDER BY rowid').iterate();
      for (const row of rows) yield parse(row.data);
    },
    postings: (term) => postingRows.all(term).map((row) => ({ segment: row.segment, list: decodePostings(row.docs) })),
    layout: () => readLayout(db),
    settle() {
      if (readonly) return writer?.settle();
      if (db.inTransaction) db.exec('COMMIT');
      db.transaction(() => {
        segments.compact();
        changedWords.settle(true);
        changedPapers.settle(true);
      }).immediate();
    },
    version: () => `${String(db.pragma('data_version', { simple: true }))}:${writes}`,
    summaries(rowids) {
      const rows = summaryRows.all(JSON.stringify(rowids));
      return new Map(
        rows.map((row) => {
          const [title = '', abstract = ''] = row.terms.split('\n', 2);
          const terms = { title: ` ${title} `, abstract: ` ${abstract} ` };
          return [row.rowid, { id: row.id, title: row.title, spacedTitle: ` ${row.norm_title} `, terms }];
        }),
      );
    },
    papersAt(rowids) {
      const rows = paperRows.all(JSON.stringify(rowids));
      const byRow = new Map(rows.map((row) => [row.rowid, row.data]));
      return rowids.map((rowid) => (byRow.has(rowid) ? parse(byRow.get(rowid)!) : undefined));
    },
    wordList: () => readWordList(db),
    dates() {
      const top = (db.prepare('SELECT coalesce(max(rowid), 0) AS n FROM papers').get() as { n: number }).n;
      const dates = new Int32Array(top + 1);
      const rows = db.prepare('SELECT rowid, published FROM papers').raw().iterate() as IterableIterator<
        [number, string | null]
      >;
      for (const [rowid, published] of rows) dates[rowid] = dayNumber(published);
      return dates;
    },
    canonicalId: (id) => aliasOf.get(id)?.new_id ?? id,
    close() {
      writer?.close();
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}
