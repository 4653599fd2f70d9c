import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../src/core/paper.js';
import { openLibrary } from '../src/library/library.js';
import { buildIndex, libraryIndex, type PaperIndex } from '../src/search/paper-index.js';
import { tempDir } from './support/bot.js';
import { seeds } from './support/seeds.js';

const entries = (papers: readonly Paper[]) => papers.map((paper) => ({ paper, updateOnly: false }));
const titles = (index: PaperIndex, query: string, limit = 5) =>
  index.search(query, { limit }).hits.map((hit) => hit.paper.title);
/** What a library file holds, read through a connection of its own (as another process would). */
function readFile<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).pluck().all() as T[];
  } finally {
    db.close();
  }
}
const liveSegments = (file: string) =>
  readFile<number>(file, 'SELECT segment FROM segments WHERE merged_into IS NULL ORDER BY segment');
const snapshots = (file: string) => readFile<string>(file, 'SELECT name FROM snapshot_files ORDER BY name');
const QUERIES = [
  'style transfer',
  'virtual try-on',
  'stylgan inversoin',
  'diffusion models for fashion',
  'hair',
  'LaDI-VTON',
  'text-to-image edi',
];

describe('the on-disk index', () => {
  it('answers the same whether the papers came in one batch or one at a time (many segments, merged)', () => {
    const { papers } = seeds();
    const once = openLibrary(join(tempDir(), 'papers.db'));
    once.ingest(entries(papers), 0);
    const oneByOne = openLibrary(join(tempDir(), 'papers.db'));
    for (const paper of papers) oneByOne.ingest(entries([paper]), 0);
    const a = libraryIndex(once);
    const b = libraryIndex(oneByOne);
    for (const query of QUERIES) expect(titles(b, query), query).toEqual(titles(a, query));
    expect(titles(a, 'virtual try-on', 3)).toHaveLength(3);
    expect(titles(a, 'virtual try-on', 3).every((title) => /try-on/i.test(title))).toBe(true);
  });

  it('forgets the words a paper had before it was updated, before and after its segments are merged', () => {
    const lib = openLibrary(join(tempDir(), 'papers.db'));
    lib.ingest(entries(seeds().papers), 0);
    const paper: Paper = {
      id: '2401.01234',
      arxivId: '2401.01234',
      version: 1,
      title: 'Quokka Counting with Drones',
      abstract: 'We count quokkas.',
      links: {},
      source: 'arxiv',
    };
    lib.ingest(entries([paper]), 1);
    lib.ingest(
      entries([{ ...paper, version: 2, title: 'Wombat Counting with Drones', abstract: 'We count wombats.' }]),
      2,
    );
    const index = libraryIndex(lib);
    expect(titles(index, 'quokka')).toEqual([]);
    expect(titles(index, 'wombat')).toEqual(['Wombat Counting with Drones']);
    // Enough further batches to merge the segments it was in.
    for (let i = 0; i < 10; i += 1)
      lib.ingest(
        entries([
          { ...paper, id: `2402.0000${i}`, arxivId: `2402.0000${i}`, title: `Filler paper ${i}`, abstract: 'Nothing.' },
        ]),
        3,
      );
    const merged = libraryIndex(lib);
    expect(titles(merged, 'quokka')).toEqual([]);
    expect(titles(merged, 'wombat')).toEqual(['Wombat Counting with Drones']);
  });

  it('keeps every paper findable when segments larger than a merge page are merged', () => {
    // Letters only, so each is one word and one term: "baa", "bab", …
    const word = (n: number) =>
      `q${[...n.toString(26)].map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('')}`;
    const lib = openLibrary(join(tempDir(), 'papers.db'));
    // Four equal batches make four segments of one size, merged into one; each has more terms than a page.
    for (let batch = 0; batch < 4; batch += 1) {
      lib.ingest(
        entries(
          Array.from({ length: 400 }, (_, i) => {
            const n = batch * 400 + i;
            const own = Array.from({ length: 15 }, (_, k) => word(n * 15 + k)).join(' ');
            return {
              id: `p${n}`,
              title: `Shared topic ${word(n * 15)}`,
              abstract: `About ${own}.`,
              links: {},
              source: 'file' as const,
            };
          }),
        ),
        0,
      );
    }
    const index = libraryIndex(lib);
    for (const n of [0, 399, 400, 1234, 1599]) {
      expect(index.search(`${word(n * 15 + 7)} `, { limit: 2 }).hits.map((hit) => hit.paper.id)).toEqual([`p${n}`]);
    }
    expect(index.search('shared topic ', { depth: 2000, limit: 1 }).total).toBe(1600);
  });

  it('merges segments whose pages end among letters JavaScript and SQLite order differently (fullwidth, math italic)', () => {
    // SQLite orders text by its UTF-8 bytes, JavaScript by UTF-16 code units: "ｘ…" (U+FF58) sorts before
    // "𝐱…" (U+1D431) in SQLite and after it in JavaScript. Pages of the four segments end in different ranges.
    const letters = (n: number) =>
      [...n.toString(26)].map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('');
    const run = (prefix: string, from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `${prefix}${letters(from + i)}`);
    const lib = openLibrary(join(tempDir(), 'papers.db'));
    const shapes = [
      [4000, 2000, 2000],
      [1000, 2000, 2500],
      [3000, 2500, 2000],
      [500, 3000, 3000],
    ];
    shapes.forEach(([ascii, fullwidth, italic], n) => {
      const words = [
        ...run('q', n * 10_000, ascii!),
        ...run('ｘ', n * 10_000, fullwidth!),
        ...run('𝐱', n * 10_000, italic!),
      ];
      lib.ingest(
        entries([
          { id: `p${n}`, title: `Paper ${letters(n + 1000)}`, abstract: words.join(' '), links: {}, source: 'file' },
        ]),
        0,
      );
    });
    const index = libraryIndex(lib);
    shapes.forEach((_, n) => {
      for (const word of [
        `q${letters(n * 10_000 + 7)}`,
        `ｘ${letters(n * 10_000 + 1999)}`,
        `𝐱${letters(n * 10_000 + 1500)}`,
      ]) {
        expect(
          index.search(`${word} `, { limit: 2 }).hits.map((hit) => hit.paper.id),
          word,
        ).toEqual([`p${n}`]);
      }
    });
  });

  it('answers the same during and after a bulk ingest, which ends as one segment with its snapshots written', () => {
    const { papers } = seeds();
    const file = join(tempDir(), 'papers.db');
    const bulk = openLibrary(file);
    for (const paper of papers) bulk.ingest(entries([paper]), 0, { bulk: true });
    const once = openLibrary(join(tempDir(), 'papers.db'));
    once.ingest(entries(papers), 0);
    const expected = QUERIES.map((query) => titles(libraryIndex(once), query));
    // Before it settles: the same answers here, while the batches (fewer papers than one bulk commit holds) are
    // not yet committed: another connection sees none of them.
    expect(QUERIES.map((query) => titles(libraryIndex(bulk), query))).toEqual(expected);
    expect(liveSegments(file)).toEqual([]);
    bulk.settle();
    expect(liveSegments(file)).toHaveLength(1);
    expect(snapshots(file)).toEqual(['layout', 'words']);
    const reopened = openLibrary(file, { readonly: true });
    expect(QUERIES.map((query) => titles(libraryIndex(reopened), query))).toEqual(expected);
  });

  it('answers the same after a bulk ingest stopped before it settled, once reopened', () => {
    const { papers } = seeds();
    const file = join(tempDir(), 'papers.db');
    const once = openLibrary(join(tempDir(), 'papers.db'));
    once.ingest(entries(papers), 0);
    const crashed = openLibrary(file);
    for (const paper of papers) crashed.ingest(entries([paper]), 0, { bulk: true });
    crashed.close();
    const reopened = openLibrary(file);
    expect(snapshots(file)).toEqual(['layout', 'words']);
    for (const query of QUERIES)
      expect(titles(libraryIndex(reopened), query), query).toEqual(titles(libraryIndex(once), query));
  });

  it('merges a few new batches at the end of a bulk ingest without rewriting a much larger segment', () => {
    const { papers } = seeds();
    const file = join(tempDir(), 'papers.db');
    const lib = openLibrary(file);
    lib.ingest(entries(papers.slice(0, 35)), 0);
    const [large] = liveSegments(file);
    for (const paper of papers.slice(35)) lib.ingest(entries([paper]), 0, { bulk: true });
    lib.settle();
    const live = liveSegments(file);
    expect(live).toHaveLength(2);
    expect(live).toContain(large);
    expect(titles(libraryIndex(lib), papers[40]!.title, 1)).toEqual([papers[40]!.title]);
  });

  it('sees papers another process ingests while it is open', () => {
    const file = join(tempDir(), 'papers.db');
    const bot = openLibrary(file);
    bot.ingest(entries(seeds().papers), 0);
    const index = libraryIndex(bot);
    expect(titles(index, 'wombat')).toEqual([]);
    const cli = openLibrary(file);
    for (let i = 0; i < 12; i += 1) {
      cli.ingest(
        entries([
          { id: `w${i}`, title: `Wombat burrows, part ${i}`, abstract: 'Wombats dig.', links: {}, source: 'file' },
        ]),
        1,
      );
    }
    expect(titles(index, 'wombat burrows part 11', 1)).toEqual(['Wombat burrows, part 11']);
    expect(index.search('wombat', { limit: 20 }).total).toBe(12);
    // Its words are known too: a typo of one is corrected, the start of one completed.
    expect(Object.fromEntries(index.search('wombta burrows').plan.corrections)).toEqual({ wombta: 'wombat' });
    expect(titles(index, 'burro', 1)).toEqual([expect.stringMatching(/^Wombat burrows/)]);
  });

  it('answers the same when a snapshot file is stale, cut short or gone, and writes it again when opened to write', () => {
    const { papers } = seeds();
    const file = join(tempDir(), 'papers.db');
    const lib = openLibrary(file);
    lib.ingest(entries(papers.slice(0, 20)), 0);
    lib.settle();
    const stale = ['words', 'layout'].map((name) => [`${file}.${name}`, readFileSync(`${file}.${name}`)] as const);
    lib.ingest(entries(papers.slice(20)), 0, { bulk: true });
    lib.settle();
    lib.close();
    const once = openLibrary(join(tempDir(), 'papers.db'));
    once.ingest(entries(papers), 0);
    const expected = QUERIES.map((query) => titles(libraryIndex(once), query));
    const answers = () => QUERIES.map((query) => titles(libraryIndex(openLibrary(file, { readonly: true })), query));
    for (const [path, bytes] of stale) writeFileSync(path, bytes);
    expect(answers()).toEqual(expected);
    for (const [path, bytes] of stale) writeFileSync(path, bytes.subarray(0, 100));
    expect(answers()).toEqual(expected);
    for (const [path] of stale) rmSync(path);
    expect(answers()).toEqual(expected);
    openLibrary(file).close();
    expect(stale.map(([path]) => existsSync(path))).toEqual([true, true]);
    expect(answers()).toEqual(expected);
  });

  it('moves snapshots kept as rows by an earlier paperbot into files', () => {
    const file = join(tempDir(), 'papers.db');
    openLibrary(file).ingest(entries(seeds().papers), 0);
    const db = new Database(file);
    db.exec(`DELETE FROM snapshot_files;
      CREATE TABLE snapshots (name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
      INSERT INTO snapshots VALUES ('words', x'00'), ('layout', x'00');`);
    db.close();
    openLibrary(file).close();
    expect(snapshots(file)).toEqual(['layout', 'words']);
    expect(readFile(file, "SELECT name FROM sqlite_master WHERE name = 'snapshots'")).toEqual([]);
    expect(titles(libraryIndex(openLibrary(file, { readonly: true })), 'stylgan inversoin', 1)).toEqual([
      expect.stringMatching(/HyperStyle/),
    ]);
  });

  it('opens a library written by the first release (FTS5, no posting lists), indexes it once and answers the same', () => {
    const file = join(tempDir(), 'papers.db');
    const lib = openLibrary(file);
    lib.ingest(entries(seeds().papers), 0);
    const before = QUERIES.map((query) => titles(libraryIndex(lib), query));
    lib.close();
    const db = new Database(file);
    db.exec(`DROP TABLE postings; DROP TABLE segments; DROP INDEX papers_layout; DELETE FROM meta;
      ALTER TABLE papers DROP COLUMN segment; ALTER TABLE papers DROP COLUMN title_len; ALTER TABLE papers DROP COLUMN abstract_len;
      ALTER TABLE papers DROP COLUMN authors_len; ALTER TABLE papers DROP COLUMN parts_len;
      CREATE VIRTUAL TABLE papers_fts USING fts5 (title, abstract, authors, parts, content = '', contentless_delete = 1);`);
    db.close();
    const reopened = openLibrary(file);
    expect(QUERIES.map((query) => titles(libraryIndex(reopened), query))).toEqual(before);
    reopened.close();
    const tables = new Database(file).prepare("SELECT name FROM sqlite_master WHERE name LIKE 'papers_fts%'").all();
    expect(tables).toEqual([]);
  });
});

describe('a title typed from memory', () => {
  // Many short titles share the words; only one has them as typed, with "using" (a stop word) in between.
  const papers: Paper[] = [
    ...[
      'Random Language Model',
      'Language Models',
      'Language Model Priors',
      'Neural Language Models',
      'Language Models as Critics',
    ].map((title, i) => ({
      id: `lm${i}`,
      title,
      abstract: 'We study how language models predict text.',
      links: {},
      source: 'file' as const,
    })),
    {
      id: 'known',
      title: 'Training Language Models Using Target-Propagation',
      abstract: 'We train language models with target propagation.',
      links: {},
      source: 'file',
    },
    // Papers on other subjects, so the shared words are telling as in a real collection.
    ...seeds().papers,
  ];

  it.each([
    ['as typed', 'language models using'],
    ['with its last word half-typed', 'language models usi'],
    ['with a typo', 'langauge models using'],
  ])('comes first %s, in memory and on disk', (_how, query) => {
    const lib = openLibrary(join(tempDir(), 'papers.db'));
    lib.ingest(entries(papers), 0);
    for (const index of [buildIndex(papers), libraryIndex(lib)]) {
      expect(titles(index, query, 1)).toEqual(['Training Language Models Using Target-Propagation']);
    }
  });
});
