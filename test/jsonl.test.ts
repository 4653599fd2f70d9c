import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Paper } from '../src/core/paper.js';
import { readJsonLine, readJsonLinesFile } from '../src/ingest/sources/jsonl.js';
import { FeedError, type Rejected } from '../src/ingest/sources/read-result.js';

// The first 1,000 lines of the shared arXiv CS corpus, byte for byte (see fixtures/captured/README.md), so the test
// runs from any checkout.
const CORPUS = fileURLToPath(new URL('./fixtures/captured/arxiv-cs-20200101.first-1000.jsonl.gz', import.meta.url));

// The corpus's first line, as it is in the file.
const KNUTH =
  '{"id": "cs/9301111", "title": "Nested satisfiability", "abstract": "A special case of the satisfiability problem, in which the clauses have a hierarchical structure, is shown to be solvable in linear time, assuming that the clauses have been represented in a convenient way.", "categories": ["cs.CC"], "primary_cat": "cs.CC", "created": "1989-12-31", "updated": "", "authors": "Donald E. Knuth"}';

const record = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    title: `Paper ${id}`,
    abstract: `About ${id}.`,
    categories: ['cs.LG'],
    primary_cat: 'cs.LG',
    created: '2019-01-02',
    updated: '',
    authors: 'A. Author',
    ...extra,
  });

const dir = mkdtempSync(join(tmpdir(), 'paperbot-jsonl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeTemp(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string) {
  const out: { lineNumber: number; result: Paper | Rejected }[] = [];
  for await (const item of readJsonLinesFile(path)) out.push(item);
  return out;
}

describe('readJsonLine', () => {
  it('reads a corpus line as a paper from a file, with its arXiv links', () => {
    expect(readJsonLine(KNUTH, 1)).toEqual({
      id: 'cs/9301111',
      arxivId: 'cs/9301111',
      title: 'Nested satisfiability',
      abstract:
        'A special case of the satisfiability problem, in which the clauses have a hierarchical structure, is shown to be solvable in linear time, assuming that the clauses have been represented in a convenient way.',
      authors: ['Donald E. Knuth'],
      published: '1989-12-31',
      categories: ['cs.CC'],
      links: { abstract: 'https://arxiv.org/abs/cs/9301111', pdf: 'https://arxiv.org/pdf/cs/9301111' },
      source: 'file',
    });
  });

  it('collapses hard line breaks, splits authors on commas and "and", puts the primary category first', () => {
    const line = JSON.stringify({
      id: '1501.00001',
      title: 'A title\n  wrapped over lines',
      abstract: '  We study\nthings. Code at https://github.com/example/things.\n',
      categories: ['cs.DS', 'cs.LG', 'cs.DS'],
      primary_cat: 'cs.LG',
      created: '2015-01-01',
      updated: '2015-03-04',
      authors: 'Jack Dongarra, Mathieu Faverge, and Yves Robert, Ada Lovelace and Alan Turing',
    });
    expect(readJsonLine(line, 7)).toEqual({
      id: '1501.00001',
      arxivId: '1501.00001',
      title: 'A title wrapped over lines',
      abstract: 'We study things. Code at https://github.com/example/things.',
      authors: ['Jack Dongarra', 'Mathieu Faverge', 'Yves Robert', 'Ada Lovelace', 'Alan Turing'],
      published: '2015-01-01',
      updated: '2015-03-04',
      categories: ['cs.LG', 'cs.DS'],
      links: {
        abstract: 'https://arxiv.org/abs/1501.00001',
        pdf: 'https://arxiv.org/pdf/1501.00001',
        code: ['https://github.com/example/things'],
      },
      source: 'file',
    });
  });

  it('skips a blank line', () => {
    expect(readJsonLine('', 3)).toBeUndefined();
    expect(readJsonLine('   \r', 4)).toBeUndefined();
  });

  it('rejects bad JSON and records without id or title, with the line number and why', () => {
    expect(readJsonLine('{"id": "1501.00001", "title": "Cut', 12)).toEqual({
      where: 'line 12',
      reason: expect.stringMatching(/^not valid JSON/),
    });
    expect(readJsonLine('[1, 2]', 13)).toEqual({ where: 'line 13', reason: 'not a JSON object' });
    expect(readJsonLine(JSON.stringify({ title: 'No id' }), 14)).toEqual({
      where: 'line 14',
      reason: 'the record has no id',
    });
    expect(readJsonLine(JSON.stringify({ id: '1501.00002', title: '  ' }), 15)).toEqual({
      where: 'line 15',
      reason: '1501.00002: the record has no title',
    });
  });

  it('rejects a record whose fields do not fit rather than guessing', () => {
    expect(readJsonLine(record('1501.00003', { created: '2015-13-45' }), 16)).toEqual({
      where: 'line 16',
      reason: expect.stringContaining('published'),
    });
  });
});

describe('readJsonLinesFile', () => {
  const lines = [record('1901.00001'), '{"id": "1901.00002", "title": broken', '', record('1901.00003')];

  it('streams a plain file: good lines come through, the corrupt one is rejected with its line number', async () => {
    const items = await readAll(writeTemp('papers.jsonl', `${lines.join('\n')}\n`));
    expect(items.map((item) => item.lineNumber)).toEqual([1, 2, 4]);
    expect(items.map((item) => ('id' in item.result ? item.result.id : item.result.where))).toEqual([
      '1901.00001',
      'line 2',
      '1901.00003',
    ]);
    expect(items[1]!.result).toEqual({ where: 'line 2', reason: expect.stringMatching(/^not valid JSON/) });
  });

  it('gunzips by content, whatever the name, and reads Windows line ends', async () => {
    const items = await readAll(writeTemp('papers.txt', gzipSync(lines.join('\r\n'))));
    expect(items.map((item) => item.result)).toEqual([
      expect.objectContaining({ id: '1901.00001', title: 'Paper 1901.00001', source: 'file' }),
      { where: 'line 2', reason: expect.any(String) },
      expect.objectContaining({ id: '1901.00003', abstract: 'About 1901.00003.' }),
    ]);
  });

  it('yields the lines before the cut of a truncated gzip, then throws a FeedError', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => record(`1902.${String(i).padStart(5, '0')}`)).join('\n');
    const gzipped = gzipSync(many);
    const path = writeTemp('cut.jsonl.gz', gzipped.subarray(0, Math.floor(gzipped.length / 2)));
    const seen: number[] = [];
    const reading = (async () => {
      for await (const item of readJsonLinesFile(path)) {
        expect(item.result).toHaveProperty('id');
        seen.push(item.lineNumber);
      }
    })();
    await expect(reading).rejects.toThrow(FeedError);
    await expect(reading).rejects.toThrow(/the file is truncated or not valid gzip/);
    expect(seen.length).toBeGreaterThan(100);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
  });

  it('reads the first 1,000 lines of the real corpus as papers', async () => {
    const ids: string[] = [];
    for await (const { lineNumber, result } of readJsonLinesFile(CORPUS)) {
      expect(result, `line ${lineNumber}`).not.toHaveProperty('reason');
      if ('id' in result) ids.push(result.id);
      if (lineNumber === 1000) break;
    }
    expect(ids).toHaveLength(1000);
    expect(ids[0]).toBe('cs/9301111');
    expect(new Set(ids).size).toBe(1000);
  });
});
