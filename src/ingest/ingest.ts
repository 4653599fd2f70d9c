import { open, readFile, stat } from 'node:fs/promises';
import type { BatchCounts, Library } from '../library/library.js';
import { parseTrendingPage } from './sources/seed-page.js';
import { readArxivAtom } from './sources/arxiv-atom.js';
import { readArxivRss } from './sources/arxiv-rss.js';
import { readHfDailyPapers } from './sources/hf-daily.js';
import { readJsonLinesFile } from './sources/jsonl.js';
import type { Entry, ReadResult, Rejected } from './sources/read-result.js';
import { isRejected } from './sources/records.js';
import { sniffFormat } from './sources/sniff.js';

export interface IngestReport extends BatchCounts {
  readonly rejected: Rejected[];
}

// Each batch is one transaction: big enough to be fast, small enough that a crash loses little work.
const BATCH = 2000;

const emptyReport = (): IngestReport => ({ added: 0, updated: 0, unchanged: 0, rejected: [] });

function addCounts(report: IngestReport, counts: BatchCounts): void {
  report.added += counts.added;
  report.updated += counts.updated;
  report.unchanged += counts.unchanged;
}

/** Stores what a reader delivered, in batches; rejected records are reported, never stored. */
export function ingestResult(library: Library, result: ReadResult, now: number): IngestReport {
  const report = emptyReport();
  report.rejected.push(...result.rejected);
  for (let i = 0; i < result.entries.length; i += BATCH) addCounts(report, library.ingest(result.entries.slice(i, i + BATCH), now));
  return report;
}

/** The seed page reader's findings as a read result (its problems are rejections by line). */
function readSeedPage(text: string): ReadResult {
  const { papers, problems } = parseTrendingPage(text);
  return {
    entries: papers.map((paper) => ({ paper, updateOnly: false })),
    rejected: problems.map((problem) => ({ where: `line ${problem.line}`, reason: problem.message })),
  };
}

async function head(path: string, bytes: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(bytes), 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * Ingests a file of papers in any format paperbot reads, told by its content rather than its name. JSON
 * Lines (gzipped or not) stream through in batches, so a corpus of any size fits in memory; good records
 * are kept and bad ones listed by line. `onProgress` gets bytes done out of the file's size.
 */
export async function ingestFile(library: Library, path: string, now: number, onProgress?: (done: number, total: number) => void): Promise<IngestReport> {
  const format = sniffFormat(await head(path, 512));
  if (format !== 'jsonl') {
    const text = await readFile(path, 'utf8');
    const read = { 'arxiv-atom': readArxivAtom, 'arxiv-rss': readArxivRss, 'hf-json': readHfDailyPapers, 'seed-page': readSeedPage }[format];
    return ingestResult(library, read(text), now);
  }
  const { size } = await stat(path);
  const report = emptyReport();
  let batch: Entry[] = [];
  let bytes = 0;
  const flush = () => {
    addCounts(report, library.ingest(batch, now));
    batch = [];
    onProgress?.(bytes, size);
  };
  try {
    for await (const { result, bytesRead } of readJsonLinesFile(path)) {
      bytes = bytesRead;
      if (isRejected(result)) report.rejected.push(result);
      else batch.push({ paper: result, updateOnly: false });
      if (batch.length >= BATCH) flush();
    }
    bytes = size;
  } finally {
    // A file cut off half-way still gives the papers read before the cut.
    flush();
  }
  return report;
}
