import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Paper } from '../src/core/paper.js';
import { ingestFile } from '../src/ingest/ingest.js';
import { FILE_LIMITS, type FileLimits, PAPER_LIMITS } from '../src/ingest/limits.js';
import { splitLines } from '../src/ingest/sources/lines.js';
import { FeedError } from '../src/ingest/sources/read-result.js';
import { toPaper } from '../src/ingest/sources/records.js';
import { type Library, openLibrary } from '../src/library/library.js';
import { paperbot } from './support/cli.js';
import { seedFile } from './support/seeds.js';

// Hostile and wrong files, made on the fly: each is refused or trimmed to its good records, in bounded memory,
// and the papers already stored stay as they were.

const dir = mkdtempSync(join(tmpdir(), 'paperbot-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function writeTemp(name: string, content: string | Buffer): string {
  files += 1;
  const path = join(dir, `${files}-${name}`);
  writeFileSync(path, content);
  return path;
}

const record = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    title: `Paper ${id}`,
    abstract: `About ${id}.`,
    created: '2019-01-02',
    authors: 'A. Author',
    ...extra,
  });
const jsonLines = (...lines: string[]) => `${lines.join('\n')}\n`;

/** A library holding one known paper, to show a refused file leaves it as it was. */
async function libraryWithWombats(): Promise<Library> {
  const library = openLibrary(join(mkdtempSync(join(dir, 'lib-')), 'papers.db'));
  await ingestFile(library, writeTemp('good.jsonl', jsonLines(record('1901.00001', { title: 'Wombat burrows' }))), 1);
  return library;
}

function expectUntouched(library: Library): void {
  expect(library.count()).toBe(1);
  expect(library.get('1901.00001')?.title).toBe('Wombat burrows');
}

const limits = (overrides: Partial<FileLimits>): FileLimits => ({ ...FILE_LIMITS, ...overrides });

describe('splitLines', () => {
  const chunks = (...parts: string[]) => Readable.from(parts.map((part) => Buffer.from(part)));
  const lines = async (source: Readable, max: number) => {
    const out = [];
    for await (const line of splitLines(source, max)) out.push(line);
    return out;
  };

  it('splits LF and CRLF lines across chunk boundaries, with a last line lacking its newline', async () => {
    expect(await lines(chunks('one\r', '\ntw', 'o\n\nthr', 'ee'), 100)).toEqual([
      { lineNumber: 1, text: 'one' },
      { lineNumber: 2, text: 'two' },
      { lineNumber: 3, text: '' },
      { lineNumber: 4, text: 'three' },
    ]);
  });

  it('skips a line over the limit, reporting its length and opening bytes, and reads on after it', async () => {
    const long = `{"id": "2401.00001", "abstract": "${'a'.repeat(5000)}"}`;
    const found = await lines(chunks('short\n', long.slice(0, 3000), long.slice(3000), '\nafter\n'), 1000);
    expect(found).toEqual([
      { lineNumber: 1, text: 'short' },
      { lineNumber: 2, bytes: long.length, head: long.slice(0, 512) },
      { lineNumber: 3, text: 'after' },
    ]);
  });
});

describe('limits on a record', () => {
  const paper = (overrides: Record<string, unknown>) =>
    toPaper(
      { id: '2401.00001', title: 'A title', abstract: 'An abstract.', links: {}, source: 'file', ...overrides },
      'line 9',
    );

  it('rejects each field over its limit, naming the record and saying by how much', () => {
    const over = (max: number) => max + 1;
    expect(paper({ title: 'T'.repeat(over(PAPER_LIMITS.titleChars)) })).toEqual({
      where: 'line 9',
      reason: `2401.00001: title: 1001 characters, more than the ${PAPER_LIMITS.titleChars} allowed`,
    });
    expect(paper({ abstract: 'a'.repeat(over(PAPER_LIMITS.abstractChars)) })).toMatchObject({
      reason: `2401.00001: abstract: 50001 characters, more than the ${PAPER_LIMITS.abstractChars} allowed`,
    });
    expect(paper({ authors: Array(over(PAPER_LIMITS.authors)).fill('A. Author') })).toMatchObject({
      reason: /authors: 5001 items/,
    });
    expect(paper({ authors: ['A'.repeat(over(PAPER_LIMITS.authorChars))] })).toMatchObject({
      reason: /authors\.0: 301 characters/,
    });
    expect(paper({ categories: Array(over(PAPER_LIMITS.categories)).fill('cs.LG') })).toMatchObject({
      reason: /categories: 51 items/,
    });
    expect(paper({ categories: ['c'.repeat(over(PAPER_LIMITS.categoryChars))] })).toMatchObject({
      reason: /categories\.0: 101 char/,
    });
    expect(paper({ aiSummary: 's'.repeat(over(PAPER_LIMITS.abstractChars)) })).toMatchObject({
      reason: /aiSummary: 50001 char/,
    });
  });

  it('quotes a long id shortened, so a rejection stays one readable line', () => {
    const rejected = paper({ id: 'x'.repeat(300) });
    expect(rejected).toMatchObject({ reason: expect.stringMatching(/^x{80}…: id: 300 characters/) });
  });

  it('keeps a paper over the limits out of the library whatever its path', async () => {
    const library = await libraryWithWombats();
    const huge: Paper = { id: 'huge', title: 'T'.repeat(200_000), abstract: '', links: {}, source: 'file' };
    expect(() => library.ingest([{ paper: huge, updateOnly: false }], 2)).toThrow(/title/);
    expectUntouched(library);
  });
});

describe('hostile JSON Lines', () => {
  it('rejects a record with a 50 MB abstract by line and id without holding it, and keeps the rest', async () => {
    const path = writeTemp(
      'big-abstract.jsonl',
      jsonLines(
        record('1902.00001'),
        record('1902.00002', { abstract: 'a'.repeat(50 * 1024 * 1024) }),
        record('1902.00003'),
      ),
    );
    const library = openLibrary(join(dir, 'big-abstract.db'));
    const report = await ingestFile(library, path, 1);
    expect(report).toMatchObject({ added: 2, rejectedCount: 1 });
    expect(report.rejected).toEqual([
      { where: 'line 2', reason: '1902.00002: the line is 50 MB, more than the 1 MB allowed' },
    ]);
    expect(library.get('1902.00002')).toBeUndefined();
  });

  it('rejects a 200,000-character title before it reaches the library', async () => {
    const library = await libraryWithWombats();
    const path = writeTemp(
      'long-title.jsonl',
      jsonLines(record('1903.00001', { title: 'T'.repeat(200_000) }), record('1903.00002')),
    );
    const report = await ingestFile(library, path, 2);
    expect(report.rejected).toEqual([
      { where: 'line 1', reason: '1903.00001: title: 200000 characters, more than the 1000 allowed' },
    ]);
    expect(library.get('1903.00001')).toBeUndefined();
    expect(library.count()).toBe(2);
  });

  it('refuses a gzip bomb with a clear error once it unpacks past the cap, and stores nothing of it', async () => {
    const library = await libraryWithWombats();
    const bomb = writeTemp('bomb.jsonl.gz', gzipSync(Buffer.alloc(64 * 1024 * 1024)));
    const small = limits({ gzipFloorBytes: 4 * 1024 * 1024 });
    await expect(ingestFile(library, bomb, 2, undefined, small)).rejects.toThrow(
      /bomb\.jsonl\.gz unpacks to more than 4 MB \(over 20× its size\): refused as a gzip bomb$/,
    );
    expectUntouched(library);
  });

  it('reads a gzipped corpus within the cap as before', async () => {
    const library = openLibrary(join(dir, 'gzip.db'));
    const path = writeTemp('papers.jsonl.gz', gzipSync(jsonLines(record('1904.00001'), record('1904.00002'))));
    expect(await ingestFile(library, path, 1, undefined, limits({ gzipFloorBytes: 0 }))).toMatchObject({ added: 2 });
  });

  it('keeps the papers before the cut of a truncated gzip, read ahead in chunks, and says it was cut', async () => {
    const library = openLibrary(join(dir, 'cut.db'));
    const ids = Array.from({ length: 3000 }, (_, i) => `1905.${String(i).padStart(5, '0')}`);
    const whole = gzipSync(jsonLines(...ids.map((id) => record(id))));
    const path = writeTemp('cut.jsonl.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    await expect(ingestFile(library, path, 1)).rejects.toThrow(FeedError);
    expect(library.count()).toBeGreaterThan(1000);
    expect(library.get(ids[999]!)?.title).toBe(`Paper ${ids[999]}`);
    expect(library.get(ids[2999]!)).toBeUndefined();
  });

  it('stops at the first records when none is a paper, and keeps only so many rejections of a mixed file', async () => {
    const library = await libraryWithWombats();
    const junk = writeTemp('junk.jsonl', jsonLines(...Array(500).fill('{"id": "x"}')));
    await expect(ingestFile(library, junk, 2, undefined, limits({ probeRecords: 10 }))).rejects.toThrow(
      'junk.jsonl is not a paper feed (none of its first 10 records is a paper; line 1: x: the record has no title)',
    );
    const mixed = writeTemp('mixed.jsonl', jsonLines(record('1905.00001'), ...Array(50).fill('not json')));
    const report = await ingestFile(library, mixed, 3, undefined, limits({ rejectionsKept: 5 }));
    expect(report).toMatchObject({ added: 1, rejectedCount: 50 });
    expect(report.rejected).toHaveLength(5);
  });
});

describe('files that are not paper feeds', () => {
  // 200 KB of bytes that are not UTF-8, the same on every run, with a line break now and then.
  const noise = Buffer.from(
    Array.from({ length: 200 * 1024 }, (_, i) => (i % 997 === 996 ? 0x0a : ((i * 7919 + 13) % 251) | 0x80)),
  );
  const refusals: [string, string | Buffer, RegExp][] = [
    [
      'README.md',
      '# paperbot\n\nA chat bot for research teams.\n\n## Install\n\nRun `npm install`. Then start it.\n',
      /it reads as Markdown: line 1: "# paperbot"/,
    ],
    [
      'package.json',
      readFileSync(new URL('../package.json', import.meta.url)),
      /none of its \d+ records is a paper; line 1: not valid JSON/,
    ],
    ['random.bin', noise, /binary data, not UTF-8 text/],
    [
      'brace.bin',
      Buffer.concat([Buffer.from('{'), noise]),
      /none of its first 100 records is a paper; line 1: not valid JSON/,
    ],
    ['zeros.bin', Buffer.alloc(1024), /binary data: it holds NUL bytes/],
    [
      'error.html',
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>…</body></html>',
      /an HTML page \("502 Bad Gateway"\)/,
    ],
    [
      'notes.txt',
      'We met on Tuesday. Nobody took notes.\n\nThen we left. It was fine.\n',
      /line 1: expected a paper title, found running text/,
    ],
    ['list.json', '[1, 2, 3]', /none of its 3 records is a paper; entry 1: not a JSON object/],
    ['empty.jsonl', '', /no records in it/],
  ];

  it.each(refusals)('refuses %s as not a paper feed and leaves the library as it was', async (name, content, why) => {
    const library = await libraryWithWombats();
    const refusal = ingestFile(library, writeTemp(name, content), 2);
    await expect(refusal).rejects.toThrow(FeedError);
    await expect(refusal).rejects.toThrow(
      new RegExp(`${name.replace('.', '\\.')} is not a paper feed \\(.*${why.source}`),
    );
    expectUntouched(library);
  });

  it('still reads a real trending-papers page', async () => {
    const library = openLibrary(join(dir, 'seeds.db'));
    expect(await ingestFile(library, seedFile, 1)).toMatchObject({ added: 41, rejectedCount: 0 });
  });

  it('refuses a feed too big to read whole', async () => {
    const library = await libraryWithWombats();
    const page = writeTemp('page.txt', readFileSync(seedFile));
    const size = readFileSync(seedFile).length.toLocaleString('en');
    await expect(ingestFile(library, page, 2, undefined, limits({ wholeFileBytes: 1000 }))).rejects.toThrow(
      `page.txt is ${size} bytes: a feed read whole may be 1,000 bytes at most (JSON Lines has no limit)`,
    );
    expectUntouched(library);
  });
});

// The real program, in processes of their own: one line on stderr and exit status 2, never a stack trace.
describe.concurrent('paperbot ingest file, refused', () => {
  it('tells a folder in one line', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const run = await paperbot(['ingest', 'file', folder], { env: { DATA_DIR: mkdtempSync(join(dir, 'data-')) } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`paperbot: ${folder} is a folder: give one file of papers\n`);
  });

  it('tells a README in one line and stores nothing', async () => {
    const readme = writeTemp('README.md', '# paperbot\n\nA chat bot.\n');
    const run = await paperbot(['ingest', 'file', readme], { env: { DATA_DIR: mkdtempSync(join(dir, 'data-')) } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^paperbot: \S+README\.md is not a paper feed \(it reads as Markdown: line 1: "# paperbot"\)\n$/,
    );
  });
});
