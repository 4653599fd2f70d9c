import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { addSeeds, libraryFile } from '../src/core/bot.js';
import { type Config, endpointsOf } from '../src/core/config.js';
import { type IngestReport, ingestFile, ingestResult } from '../src/ingest/ingest.js';
import { fetchSource, type SourceSpec, sourceClients } from '../src/ingest/refresh.js';
import { fetchArxivQuery, fetchHfDaily } from '../src/ingest/sources/fetch.js';
import { openLibrary } from '../src/library/library.js';
import { progressBar } from './progress.js';

const SHOWN_REJECTIONS = 20;

export interface IngestArgs {
  readonly what: string | undefined;
  readonly rest: readonly string[];
  readonly query?: string;
  readonly max?: string;
  readonly date?: string;
}

/** A mistake in the ingest command line, told in one line. */
export class IngestUsageError extends Error {}

function report(result: IngestReport, print: (line: string) => void): void {
  const { added, updated, unchanged, rejectedCount } = result;
  print(`added ${added}, updated ${updated}, unchanged ${unchanged}, rejected ${rejectedCount}`);
  for (const rejected of result.rejected.slice(0, SHOWN_REJECTIONS))
    print(`  rejected ${rejected.where}: ${rejected.reason}`);
  if (result.rejectedCount > SHOWN_REJECTIONS) print(`  … and ${result.rejectedCount - SHOWN_REJECTIONS} more`);
}

/** Checks `path` names a file, so a folder or a missing file is told in one line rather than a stack trace. */
function checkFile(path: string): void {
  const found = statSync(path, { throwIfNoEntry: false });
  if (!found) throw new IngestUsageError(`no file at ${path}`);
  if (found.isDirectory()) throw new IngestUsageError(`${path} is a folder: give one file of papers`);
  if (!found.isFile()) throw new IngestUsageError(`${path} is not a regular file`);
}

/** `paperbot ingest arxiv|rss|hf|file …`: fetches or reads papers into the library and reports the counts. */
export async function ingestCommand(config: Config, args: IngestArgs, print: (line: string) => void): Promise<number> {
  const library = openLibrary(libraryFile(config));
  const endpoints = endpointsOf(config);
  const clients = sourceClients(endpoints);
  const now = Date.now();
  try {
    // The bundled seeds are added by the commands that write (start, ingest); searches only read. First, so that
    // a bulk ingest's end writes the snapshots a start reads with them (after it, every start applied them).
    await addSeeds(library, config, now);
    switch (args.what) {
      case 'file': {
        const [path] = args.rest;
        if (!path) throw new IngestUsageError('give the file: paperbot ingest file <path>');
        checkFile(path);
        // A bulk ingest's garbage comes chunk by chunk and dies young, yet V8 lets each thread's heap grow to about
        // four times what is live before collecting: on the full corpus that peaked at 650-730 MB, against 440-480
        // with heaps grown 2× at most, and 0-3 s slower. The process ends with the ingest.
        setFlagsFromString('--heap-growing-percent=100');
        const bar = progressBar('ingesting');
        const result = await ingestFile(library, path, now, bar.update);
        bar.done();
        report(result, print);
        break;
      }
      case 'arxiv': {
        if (!args.query)
          throw new IngestUsageError('give a query: paperbot ingest arxiv --query "cat:cs.CV" [--max N]');
        const max = Number(args.max ?? 100);
        if (!Number.isInteger(max) || max < 1 || max > 30000)
          throw new IngestUsageError('--max takes a whole number from 1 to 30000');
        report(
          ingestResult(library, await fetchArxivQuery(clients.arxiv, endpoints.arxivApi, args.query, max), now),
          print,
        );
        break;
      }
      case 'rss': {
        const [categories] = args.rest;
        if (!categories) throw new IngestUsageError('give categories: paperbot ingest rss cs.CV+cs.GR');
        const spec: SourceSpec = { kind: 'rss', categories };
        report(ingestResult(library, await fetchSource(spec, endpoints, clients), now), print);
        break;
      }
      case 'hf': {
        if (args.date && !/^\d{4}-\d{2}-\d{2}$/.test(args.date)) throw new IngestUsageError('--date takes YYYY-MM-DD');
        report(ingestResult(library, await fetchHfDaily(clients.hf, endpoints.hfApi, args.date), now), print);
        break;
      }
      default:
        throw new IngestUsageError(
          'use: paperbot ingest arxiv --query Q [--max N] | rss CATS | hf [--date YYYY-MM-DD] | file PATH',
        );
    }
  } finally {
    library.close();
  }
  return 0;
}
