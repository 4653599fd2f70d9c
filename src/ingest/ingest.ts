import { open, readFile, stat } from 'node:fs/promises';
import type { BatchCounts, Library } from '../library/library.js';
import { byteSize, FILE_LIMITS, type FileLimits } from './limits.js';
import { readAhead } from './read-ahead.js';
import { readArxivAtom } from './sources/arxiv-atom.js';
import { readArxivRss } from './sources/arxiv-rss.js';
import { readHfDailyPapers } from './sources/hf-daily.js';
import { type Entry, FeedError, type ReadResult, type Rejected } from './sources/read-result.js';
import { isRejected } from './sources/records.js';
import { notATrendingPage, parseTrendingPage } from './sources/seed-page.js';
import { type FileFormat, sniffFormat } from './sources/sniff.js';

export interface IngestReport extends BatchCounts {
  /** The first rejections, up to `FileLimits.rejectionsKept`; `rejectedCount` counts them all. */
  readonly rejected: Rejected[];
  rejectedCount: number;
}

// Each batch is one transaction: big enough to be fast, small enough that a crash loses little work.
const BATCH = 2000;

const emptyReport = (): IngestReport => ({ added: 0, updated: 0, unchanged: 0, rejected: [], rejectedCount: 0 });

function addCounts(report: IngestReport, counts: BatchCounts): void {
  report.added += counts.added;
  report.updated += counts.updated;
  report.unchanged += counts.unchanged;
}

/** Stores what a reader delivered, in batches; rejected records are reported, never stored. */
export function ingestResult(library: Library, result: ReadResult, now: number): IngestReport {
  const report = emptyReport();
  report.rejected.push(...result.rejected);
  report.rejectedCount = result.rejected.length;
  for (let i = 0; i < result.entries.length; i += BATCH)
    addCounts(report, library.ingest(result.entries.slice(i, i + BATCH), now));
  return report;
}

/** A file that holds no papers, told in one line: `README.md is not a paper feed (it reads as Markdown: …)`. */
const notAFeed = (path: string, why: string) => new FeedError(`${path} is not a paper feed (${why})`);

/** Why no paper came out of a file: the first rejection, which says what its records are instead. */
function noPaperIn(path: string, report: { rejected: Rejected[]; rejectedCount: number }, stopped = false): FeedError {
  const [first] = report.rejected;
  if (!first) return notAFeed(path, 'no records in it');
  const count = `${stopped ? 'first ' : ''}${report.rejectedCount}`;
  return notAFeed(path, `none of its ${count} records is a paper; ${first.where}: ${first.reason}`);
}

/** The seed page reader's findings as a read result (its problems are rejections by line), once it is one. */
function readSeedPage(text: string, path: string): ReadResult {
  const parsed = parseTrendingPage(text);
  const why = notATrendingPage(text, parsed);
  if (why) throw notAFeed(path, why);
  return {
    entries: parsed.papers.map((paper) => ({ paper, updateOnly: false })),
    rejected: parsed.problems.map((problem) => ({ where: `line ${problem.line}`, reason: problem.message })),
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

/** A feed read as one document, after checking it is of a size to read whole and is text, not binary. */
async function readWholeFeed(
  path: string,
  format: Exclude<FileFormat, 'jsonl'>,
  limits: FileLimits,
): Promise<ReadResult> {
  const { size } = await stat(path);
  if (size > limits.wholeFileBytes) {
    const most = `a feed read whole may be ${byteSize(limits.wholeFileBytes)} at most (JSON Lines has no limit)`;
    throw new FeedError(`${path} is ${byteSize(size)}: ${most}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
  } catch {
    throw notAFeed(path, 'binary data, not UTF-8 text');
  }
  if (text.includes('\0')) throw notAFeed(path, 'binary data: it holds NUL bytes');
  if (format === 'seed-page') return readSeedPage(text, path);
  return { 'arxiv-atom': readArxivAtom, 'arxiv-rss': readArxivRss, 'hf-json': readHfDailyPapers }[format](text);
}

/**
 * Ingests a file of papers in any format paperbot reads, told by its content rather than its name. JSON
 * Lines (gzipped or not) stream through in batches, so a corpus of any size fits in memory; good records
 * are kept and bad ones listed by line. A file with no paper in it is refused with a FeedError, and so is
 * one over `limits`. `onProgress` gets bytes done out of the file's size.
 */
export async function ingestFile(
  library: Library,
  path: string,
  now: number,
  onProgress?: (done: number, total: number) => void,
  limits: FileLimits = FILE_LIMITS,
): Promise<IngestReport> {
  const format = sniffFormat(await head(path, 512));
  if (format !== 'jsonl') {
    const result = await readWholeFeed(path, format, limits);
    if (!result.entries.length) throw noPaperIn(path, { ...result, rejectedCount: result.rejected.length });
    return ingestResult(library, result, now);
  }
  const { size } = await stat(path);
  const report = emptyReport();
  let papers = 0;
  try {
    for await (const { results, batch, bytesRead } of readAhead(path, limits)) {
      const entries: Entry[] = [];
      for (const result of results) {
        if (isRejected(result)) {
          report.rejectedCount += 1;
          if (report.rejected.length < limits.rejectionsKept) report.rejected.push(result);
          // A file whose first records are all bad is something else (a package.json, notes): stop reading it.
          if (!papers && report.rejectedCount >= limits.probeRecords) throw noPaperIn(path, report, true);
          continue;
        }
        papers += 1;
        entries.push({ paper: result, updateOnly: false });
      }
      // A file cut off half-way still gives the papers read before the cut: they arrive before the error.
      if (entries.length) addCounts(report, library.ingest(entries, now, { bulk: true, prepared: batch }));
      onProgress?.(bytesRead, size);
    }
    onProgress?.(size, size);
  } finally {
    // Commits and merges what was stored, also when reading failed part-way: a file cut off keeps what came before.
    if (papers) library.settle();
  }
  if (!papers) throw noPaperIn(path, report);
  return report;
}
