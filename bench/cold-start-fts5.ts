// A fresh process from launch to the FTS5 baseline's first answer: open the database, run one query.
// Usage: node --import tsx bench/cold-start-fts5.ts <docs.db> <query>
import { openFts5 } from './fts5.js';

const [file, query] = process.argv.slice(2);
if (!file || query === undefined) throw new Error('usage: cold-start-fts5.ts <docs.db> <query>');
const fts = openFts5(file);
const hits = fts.search(query, false, 10);
// performance.now() counts from the process's time origin, so this includes Node's and tsx's own start-up.
const ms = performance.now();
const rss = process.memoryUsage().rss / 2 ** 20;
console.log(JSON.stringify({ ms_to_first_answer: ms, rss_mb: rss, hits: hits.length, top: hits[0]?.rowid ?? null }));
fts.close();
