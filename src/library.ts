import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { mergePaper } from './merge.js';
import { type FieldTerms, fieldTerms, paperWords } from './paper-terms.js';
import { normaliseTitle, type Paper, type PaperId, PaperSchema } from './paper.js';
import type { Entry } from './sources/read-result.js';

export interface BatchCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * Every paper the bot knows, in SQLite (`DATA_DIR/papers.db`): the papers as JSON, a full-text index of
 * their index terms (FTS5, BM25) and the vocabulary with document counts, all written in one transaction
 * per batch, so a crash never leaves half a batch. Chosen over lowdb because the collection can reach
 * hundreds of thousands of papers: nothing is loaded in memory to answer, and a restart is instant.
 */
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
  /**
   * BM25 candidates, best first, with each paper's stored index terms by field: papers with at least one
   * term of every group (AND of ORs), or with any of the groups' terms when `all` is false.
   */
  candidates(groups: readonly (readonly string[])[], limit: number, all: boolean): { paper: Paper; rank: number; fields: FieldTerms }[];
  /** Average number of terms per field, from a sample of papers (BM25 length normalisation). */
  averageFieldLengths(): Record<keyof FieldTerms, number>;
  /** How many papers contain an index term. */
  documentFrequency(term: string): number;
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
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS papers_by_title ON papers (norm_title);
CREATE INDEX IF NOT EXISTS papers_by_recency ON papers (published DESC, upvotes DESC, rowid);
CREATE TABLE IF NOT EXISTS aliases (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5 (title, abstract, authors, parts, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts_terms USING fts5vocab (papers_fts, 'row');`;

// The same weights as the in-memory engine's fields (see FIELD_BOOST in search.ts).
const COLUMN_WEIGHTS = { title: 3, abstract: 1, authors: 1.5, parts: 0.3 };

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
  db.exec(SCHEMA);

  const parse = (data: string) => PaperSchema.parse(JSON.parse(data));
  const byId = db.prepare<[string], { rowid: number; data: string }>('SELECT rowid, data FROM papers WHERE id = ?');
  const byNormTitle = db.prepare<[string], { rowid: number; data: string }>('SELECT rowid, data FROM papers WHERE norm_title = ? LIMIT 1');
  const insertRow = db.prepare('INSERT INTO papers (id, norm_title, published, upvotes, data, terms, added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const updateRow = db.prepare('UPDATE papers SET id = ?, norm_title = ?, published = ?, upvotes = ?, data = ?, terms = ?, updated_at = ? WHERE rowid = ?');
  const insertText = db.prepare('INSERT INTO papers_fts (rowid, title, abstract, authors, parts) VALUES (?, ?, ?, ?, ?)');
  const deleteText = db.prepare('DELETE FROM papers_fts WHERE rowid = ?');
  const changeWord = db.prepare('INSERT INTO words (word, df) VALUES (?, ?) ON CONFLICT (word) DO UPDATE SET df = df + excluded.df');
  const alias = db.prepare('INSERT OR REPLACE INTO aliases (old_id, new_id) VALUES (?, ?)');
  const aliasOf = db.prepare<[string], { new_id: string }>('SELECT new_id FROM aliases WHERE old_id = ?');
  const termDocs = db.prepare<[string], { doc: number }>('SELECT doc FROM papers_fts_terms WHERE term = ?');

  function insertPaper(paper: Paper, now: number) {
    const terms = fieldTerms(paper);
    const info = insertRow.run(paper.id, normaliseTitle(paper.title), paper.published ?? null, paper.upvotes ?? null, JSON.stringify(paper), packTerms(terms), now, now);
    insertText.run(info.lastInsertRowid, terms.title.join(' '), terms.abstract.join(' '), terms.authors.join(' '), terms.parts.join(' '));
    addWords(paperWords(paper), 1);
  }

  function updatePaper(rowid: number, paper: Paper, now: number) {
    const terms = fieldTerms(paper);
    updateRow.run(paper.id, normaliseTitle(paper.title), paper.published ?? null, paper.upvotes ?? null, JSON.stringify(paper), packTerms(terms), now, rowid);
    deleteText.run(rowid);
    insertText.run(rowid, terms.title.join(' '), terms.abstract.join(' '), terms.authors.join(' '), terms.parts.join(' '));
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
    for (const entry of entries) counts[store(entry.paper, entry.updateOnly, now)] += 1;
    for (const [word, step] of wordChanges) if (step !== 0) changeWord.run(word, step);
    return counts;
  });

  return {
    file,
    count: () => (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n,
    get(id) {
      const row = byId.get(id) ?? byId.get(aliasOf.get(id)?.new_id ?? '');
      return row ? parse(row.data) : undefined;
    },
    ingest: (entries, now) => ingest.immediate(entries, now),
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
    candidates(groups, limit, all) {
      const nonEmpty = groups.filter((group) => group.length > 0);
      if (nonEmpty.length === 0) return [];
      const quoted = (term: string) => `"${term.replace(/"/g, '""')}"`;
      const match = nonEmpty.map((group) => `(${group.map(quoted).join(' OR ')})`).join(all ? ' AND ' : ' OR ');
      const { title, abstract, authors, parts } = COLUMN_WEIGHTS;
      return db.prepare<[string, number], { data: string; terms: string; rank: number }>(
        // Rank in the full-text index alone first, then read just the winners' rows (not every match's).
        `WITH top AS (SELECT rowid, rank FROM papers_fts WHERE papers_fts MATCH ? AND rank MATCH 'bm25(${title}, ${abstract}, ${authors}, ${parts})' ORDER BY rank LIMIT ?)
         SELECT p.data AS data, p.terms AS terms, top.rank AS rank FROM top JOIN papers p ON p.rowid = top.rowid ORDER BY top.rank`,
      ).all(match, limit).map((row) => ({ paper: parse(row.data), rank: -row.rank, fields: unpackTerms(row.terms) }));
    },
    averageFieldLengths() {
      const rows = db.prepare<[], { terms: string }>('SELECT terms FROM papers ORDER BY rowid LIMIT 5000').all();
      const sum = { title: 0, abstract: 0, authors: 0, parts: 0 };
      for (const row of rows) {
        const fields = unpackTerms(row.terms);
        for (const key of Object.keys(sum) as (keyof FieldTerms)[]) sum[key] += fields[key].length;
      }
      const n = Math.max(1, rows.length);
      return { title: sum.title / n || 1, abstract: sum.abstract / n || 1, authors: sum.authors / n || 1, parts: sum.parts / n || 1 };
    },
    documentFrequency: (term) => termDocs.get(term)?.doc ?? 0,
    *words() {
      for (const row of db.prepare<[], { word: string; df: number }>('SELECT word, df FROM words WHERE df > 0').iterate()) yield [row.word, row.df];
    },
    canonicalId: (id) => aliasOf.get(id)?.new_id ?? id,
    close: () => db.close(),
  };
}
