// The baseline: SQLite FTS5 as usually configured (porter stemming, BM25 with the title weighted), fed the
// same papers as paperbot and asked the same typed text, turned into an OR query of its words.
import Database from 'better-sqlite3';
import { papersOf } from './corpus.js';

export const FTS5_SCHEMA = `CREATE VIRTUAL TABLE docs USING fts5(title, abstract, authors, tokenize='porter unicode61')`;
const RANK = 'bm25(docs, 10.0, 1.0, 1.0)';
const BATCH = 2000;

/**
 * An FTS5 MATCH expression for typed text: each word of ≥2 characters quoted (so words like "and" or "near"
 * are never read as operators) and OR-ed; `prefixLast` makes the last word a prefix (`"word"*`) for a
 * half-typed word. Undefined when no word is left.
 */
export function ftsQuery(text: string, prefixLast = false): string | undefined {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 2);
  if (words.length === 0) return undefined;
  return words.map((word, i) => `"${word}"${prefixLast && i === words.length - 1 ? '*' : ''}`).join(' OR ');
}

/**
 * Builds the baseline database from a JSON Lines subset, read with paperbot's own reader so both engines
 * index exactly the same titles, abstracts and authors. Rows get rowid = position in the file; the ids are
 * returned (position → paper id) for scoring recall, and are not part of the index's size.
 */
export async function buildFts5(
  subsetFile: string,
  dbFile: string,
  onProgress?: (papers: number) => void,
): Promise<string[]> {
  const db = new Database(dbFile);
  // The same durability settings as paperbot's library, so the build times compare like for like.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(FTS5_SCHEMA);
  const insert = db.prepare('INSERT INTO docs (rowid, title, abstract, authors) VALUES (?, ?, ?, ?)');
  const ids: string[] = [];
  let batch: { title: string; abstract: string; authors: string }[] = [];
  const flush = db.transaction((rows: typeof batch, first: number) => {
    for (const [i, row] of rows.entries()) insert.run(first + i + 1, row.title, row.abstract, row.authors);
  });
  for await (const paper of papersOf(subsetFile)) {
    batch.push({ title: paper.title, abstract: paper.abstract, authors: (paper.authors ?? []).join(', ') });
    ids.push(paper.id);
    if (batch.length >= BATCH) {
      flush(batch, ids.length - batch.length);
      batch = [];
      onProgress?.(ids.length);
    }
  }
  flush(batch, ids.length - batch.length);
  db.close();
  return ids;
}

export interface Fts5Hit {
  readonly rowid: number;
  readonly title: string;
}

/** Opens a baseline database for querying: search, the retrieval half of ask, and similar by title words. */
export function openFts5(dbFile: string) {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  const searchStmt = db.prepare<[string, number], Fts5Hit>(
    `SELECT rowid, title FROM docs WHERE docs MATCH ? ORDER BY ${RANK} LIMIT ?`,
  );
  // What a bot on FTS5 alone would do for a question: fetch the best abstracts to quote from.
  const askStmt = db.prepare<[string], Fts5Hit & { abstract: string }>(
    `SELECT rowid, title, abstract FROM docs WHERE docs MATCH ? ORDER BY ${RANK} LIMIT 8`,
  );
  const titleStmt = db.prepare<[number], { title: string }>('SELECT title FROM docs WHERE rowid = ?');
  const similarStmt = db.prepare<[string, number], Fts5Hit>(
    `SELECT rowid, title FROM docs WHERE docs MATCH ? AND rowid != ? ORDER BY ${RANK} LIMIT 10`,
  );
  return {
    search(text: string, prefixLast: boolean, limit = 10): Fts5Hit[] {
      const match = ftsQuery(text, prefixLast);
      return match ? searchStmt.all(match, limit) : [];
    },
    ask(question: string) {
      const match = ftsQuery(question);
      return match ? askStmt.all(match) : [];
    },
    /** Papers like a given one: its title's words as an OR query, itself excluded. */
    similar(rowid: number): Fts5Hit[] {
      const title = titleStmt.get(rowid)?.title;
      const match = title ? ftsQuery(title) : undefined;
      return match ? similarStmt.all(match, rowid) : [];
    },
    close: () => db.close(),
  };
}
