import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../src/ingest/ingest.js';
import { FILE_LIMITS } from '../src/ingest/limits.js';
import { lineChunks, readJsonLinesFile } from '../src/ingest/sources/jsonl.js';
import { isRejected } from '../src/ingest/sources/records.js';
import { type Library, openLibrary } from '../src/library/library.js';
import { libraryIndex } from '../src/search/paper-index.js';
import { tempDir } from './support/bot.js';

const CORPUS = fileURLToPath(new URL('./fixtures/captured/arxiv-cs-20200101.first-1000.jsonl.gz', import.meta.url));
const records = gunzipSync(readFileSync(CORPUS))
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The corpus's papers again under new-style arXiv ids, `copy` telling copies apart. */
const copies = (copy: number, count = records.length): Record<string, unknown>[] =>
  records.slice(0, count).map((record, n) => ({ ...record, id: `${2101 + copy}.${String(n).padStart(5, '0')}` }));

function writeLines(records: object[]): string {
  const file = join(tempDir(), 'papers.jsonl');
  writeFileSync(file, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
  return file;
}

/** The same file stored the way small batches are, with no reading ahead: each paper indexed as it is stored. */
async function ingestBatchByBatch(library: Library, file: string, now: number) {
  let entries = [];
  for await (const { result } of readJsonLinesFile(file)) {
    if (isRejected(result)) continue;
    entries.push({ paper: result, updateOnly: false });
    if (entries.length === 700) {
      library.ingest(entries, now);
      entries = [];
    }
  }
  library.ingest(entries, now);
}

/** What a library holds that searches read: its papers' rows, its vocabulary, and what single words find. */
function contents(library: Library, words: readonly string[]) {
  const db = new Database(library.file, { readonly: true });
  const papers = db
    .prepare('SELECT id, data, terms, title_len, abstract_len, authors_len, parts_len FROM papers ORDER BY id')
    .all();
  const vocabulary = db.prepare('SELECT word, df FROM words WHERE df > 0 ORDER BY word').all();
  db.close();
  const index = libraryIndex(library);
  const found = words.map((word) => index.search(word, { limit: 20 }).hits.map((hit) => hit.paper.id));
  return { papers, vocabulary, found };
}

const WORDS = [
  'graph',
  'neural networks',
  'satisfiability',
  'knuth',
  'logic programming',
  'cs.lo',
  'parsing',
  'agents',
];

describe('a bulk ingest (read ahead, each chunk prepared in another thread or between writes)', () => {
  it('stores exactly what storing the papers batch by batch stores, new papers and known ones alike', async () => {
    // 3,000 new papers (two chunks, one of them partly), then a file of 600 known papers in a new version
    // among 600 new ones: a chunk whose papers are not all new is written paper by paper.
    const first = writeLines([...copies(0), ...copies(1), ...copies(2)]);
    const newer = writeLines([
      ...copies(1, 600).map((record) => ({
        ...record,
        id: `${String(record.id)}v2`,
        abstract: `${String(record.abstract)} Revised with wombats.`,
      })),
      ...copies(3, 600),
    ]);
    const bulk = openLibrary(join(tempDir(), 'papers.db'));
    const reference = openLibrary(join(tempDir(), 'papers.db'));
    const added = await ingestFile(bulk, first, 1);
    await ingestBatchByBatch(reference, first, 1);
    expect(added.added).toBe(3000);
    expect(contents(bulk, WORDS)).toEqual(contents(reference, WORDS));

    const again = await ingestFile(bulk, newer, 2);
    await ingestBatchByBatch(reference, newer, 2);
    expect(again).toMatchObject({ added: 600, updated: 600 });
    const both = contents(bulk, [...WORDS, 'wombats']);
    expect(both).toEqual(contents(reference, [...WORDS, 'wombats']));
    expect(both.found.at(-1)).toHaveLength(20);
  });
});

describe('lineChunks', () => {
  it('ends a chunk at its number of lines or its bytes, whichever comes first, keeping every line in order', async () => {
    const long = 'x'.repeat(3000);
    const file = writeLines(Array.from({ length: 50 }, (_, n) => ({ id: `p${n}`, title: n % 10 ? 't' : long })));
    const chunks = [];
    for await (const { lines } of lineChunks(file, FILE_LIMITS, { lines: 20, bytes: 5000 })) {
      chunks.push(lines.map((line) => line.lineNumber));
    }
    expect(chunks.flat()).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
    // A long line every tenth: a chunk ends at the second one it holds, before its twentieth line.
    expect(chunks[0]).toEqual(Array.from({ length: 11 }, (_, n) => n + 1));
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(20);
  });
});
