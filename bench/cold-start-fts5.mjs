// The FTS5 baseline's cold start: a fresh process opens the database and answers one query, as a one-shot
// command built on FTS5 would. Plain JavaScript, so no TypeScript loader is timed that paperbot's built CLI
// does not load either. Usage: node bench/cold-start-fts5.mjs <docs.db> <query>
import Database from 'better-sqlite3';

const [file, query] = process.argv.slice(2);
if (!file || query === undefined) throw new Error('usage: cold-start-fts5.mjs <docs.db> <query>');
const db = new Database(file, { readonly: true, fileMustExist: true });
// The same MATCH expression as bench/fts5.ts: each word of 2 characters or more quoted, OR-ed.
const match = query
  .toLowerCase()
  .split(/[^\p{L}\p{N}]+/u)
  .filter((word) => word.length >= 2)
  .map((word) => `"${word}"`)
  .join(' OR ');
const hits = match
  ? db
      .prepare('SELECT rowid, title FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 10.0, 1.0, 1.0) LIMIT 10')
      .all(match)
  : [];
process.stdout.write(`${JSON.stringify(hits)}\n`);
db.close();
