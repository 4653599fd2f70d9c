import type { FieldTerms } from '../search/paper-terms.js';

/** The tables every version of the library has (created if missing; never dropped). */
export const SCHEMA = `
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
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshot_files (name TEXT PRIMARY KEY, stamp BLOB NOT NULL, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS word_changes (word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS paper_changes (rowid INTEGER PRIMARY KEY);`;

/**
 * The inverted index, made afresh (the first release's FTS5 tables and any older postings dropped). Postings
 * are stored by segment, so writing or merging one touches its own pages only (a segment's rows are appended
 * in key order and deleted as one range), and found by term in each live segment: there are few, and an
 * index by term alone would be written at random for every row. papers_layout finds a batch's papers when merging, and holds everything `layout` reads at start, so
 * start-up reads a small index instead of every paper's row.
 */
export const INDEX_SCHEMA = `
DROP TABLE IF EXISTS papers_fts_terms;
DROP TABLE IF EXISTS papers_fts;
DROP TABLE IF EXISTS postings;
DROP TABLE IF EXISTS segments;
CREATE TABLE postings (
  segment INTEGER NOT NULL, term TEXT NOT NULL, docs BLOB NOT NULL, PRIMARY KEY (segment, term)
) WITHOUT ROWID;
CREATE TABLE segments (segment INTEGER PRIMARY KEY, papers INTEGER NOT NULL, merged_into INTEGER);
DROP INDEX IF EXISTS papers_by_segment;
DROP INDEX IF EXISTS papers_layout;
CREATE INDEX papers_layout ON papers (segment, title_len, abstract_len, authors_len, parts_len, norm_title);`;

// Columns added since the first release, for databases written by it (which had an FTS5 index, not postings).
export const ADDED_COLUMNS = ['segment', 'title_len', 'abstract_len', 'authors_len', 'parts_len'];
/** The inverted index's format, kept in `meta`: a library in another is rebuilt once. */
// 5: "method(s)" no longer stop words, categories indexed (terms made again from each paper), vocabulary snapshot.
export const INDEX_FORMAT = 'postings-5';

// Each paper's terms are stored at ingest, so a query never stems a candidate again; as four lines of
// space-separated terms: compact, and split back without parsing JSON.
export const packTerms = (terms: FieldTerms) =>
  [terms.title, terms.abstract, terms.authors, terms.parts].map((t) => t.join(' ')).join('\n');

export function unpackTerms(packed: string): FieldTerms {
  const [title = [], abstract = [], authors = [], parts = []] = packed
    .split('\n')
    .map((line) => (line ? line.split(' ') : []));
  return { title, abstract, authors, parts };
}
