// A fresh process from launch to paperbot's first answer on a persisted library, as the bot does at start:
// open the library, build the index the way the bot picks it (indexLibrary), run one search.
// Usage: node --import tsx bench/cold-start.ts <papers.db> <query>
import { openLibrary } from '../src/library/library.js';
import { indexLibrary } from '../src/search/paper-index.js';

const [file, query] = process.argv.slice(2);
if (!file || query === undefined) throw new Error('usage: cold-start.ts <papers.db> <query>');
const library = openLibrary(file);
const index = indexLibrary(library);
const page = index.search(query, { limit: 10 });
// performance.now() counts from the process's time origin, so this includes Node's and tsx's own start-up.
const ms = performance.now();
const rss = process.memoryUsage().rss / 2 ** 20;
console.log(
  JSON.stringify({ ms_to_first_answer: ms, rss_mb: rss, hits: page.hits.length, top: page.hits[0]?.paper.id ?? null }),
);
library.close();
