import type { Paper } from '../core/paper.js';
import { startWorker } from '../core/worker-module.js';
import { type Indexing, type PackedIndexing, unpackIndexing } from '../library/indexing.js';
import type { FileLimits } from './limits.js';
import { FeedError, type Rejected } from './sources/read-result.js';

/** One record of the file as the worker read it: a paper with its indexing, or why it was rejected. */
export type ReadAheadItem =
  | { readonly paper: Paper; readonly indexing: PackedIndexing; readonly bytesRead: number }
  | { readonly rejected: Rejected; readonly bytesRead: number };

/** What the worker sends: records in chunks, then the end, or the error that ended the reading. */
export type ReadAheadMessage =
  | { readonly items: ReadAheadItem[] }
  | { readonly done: true }
  | { readonly error: { readonly name: string; readonly message: string } };

export interface ReadAheadData {
  readonly path: string;
  readonly limits: FileLimits;
}

/** Chunks the worker may send before this thread has taken them: enough to never wait, few enough to hold. */
export const CHUNKS_AHEAD = 4;

/**
 * Reads a JSON Lines file of papers in a worker thread, ahead of this one: parsing, validating and reading each
 * paper's text into index terms (about a third of a bulk ingest's work) then runs beside the writing of SQLite.
 * Yields what `readJsonLinesFile` does, each paper with its indexing; an error ending the reading (a cut-off
 * gzip, a gzip bomb) is thrown here after the records before it, as there.
 */
export async function* readAhead(
  path: string,
  limits: FileLimits,
): AsyncGenerator<{ result: Paper | Rejected; indexing?: Indexing; bytesRead: number }> {
  const worker = startWorker(import.meta.url, 'read-ahead-worker', {
    workerData: { path, limits } satisfies ReadAheadData,
    // A young generation of 8 MB (V8's default is 48): the worker's garbage is each paper's, short-lived, and
    // the ingest's peak memory is both threads' (measured on the full corpus: 416 MB against 581, as fast).
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  const arrived: ReadAheadMessage[] = [];
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  worker.on('message', (message: ReadAheadMessage) => {
    arrived.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    failed = error;
    wake?.();
  });
  worker.on('exit', (code) => {
    failed ??= new Error(`the file reader stopped (exit code ${code})`);
    wake?.();
  });
  try {
    for (;;) {
      while (arrived.length === 0) {
        if (failed) throw failed;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      const message = arrived.shift()!;
      if ('done' in message) return;
      if ('error' in message) {
        const { name, message: text } = message.error;
        throw name === 'FeedError' ? new FeedError(text) : new Error(text);
      }
      worker.postMessage('more');
      for (const item of message.items) {
        if ('rejected' in item) yield { result: item.rejected, bytesRead: item.bytesRead };
        else yield { result: item.paper, indexing: unpackIndexing(item.indexing), bytesRead: item.bytesRead };
      }
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
