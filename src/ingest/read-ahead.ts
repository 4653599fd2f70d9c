import type { Paper } from '../core/paper.js';
import { startWorker } from '../core/worker-module.js';
import { type PreparedBatch, prepareBatch } from '../library/prepared-batch.js';
import type { FileLimits } from './limits.js';
import { lineChunks, readLine } from './sources/jsonl.js';
import type { Line } from './sources/lines.js';
import type { Rejected } from './sources/read-result.js';
import { isRejected } from './sources/records.js';

/** A chunk of a file's lines read: its records in order (papers, and why others are not), its papers as a batch. */
export interface PreparedChunk {
  readonly results: (Paper | Rejected)[];
  readonly batch: PreparedBatch;
}

/**
 * Lines per chunk, and bytes, whichever comes first: each chunk's papers are one batch, one transaction of the
 * writer, and a chunk of long lines is held in memory no bigger than one of ordinary papers.
 */
const CHUNK = { lines: 2000, bytes: 8 * 1024 * 1024 };
/** Chunks given to the worker and not yet back: one it works on and one waiting, so it never waits for this thread. */
const IN_WORKER = 2;
/**
 * Chunks read and not yet written: those in the worker and one for this thread to prepare while it would
 * wait. One more held the ingest's peak memory 200 MB higher, no faster (full corpus).
 */
const AHEAD = IN_WORKER + 1;

export function prepareChunk(lines: readonly Line[], limits: FileLimits): PreparedChunk {
  const results = lines.flatMap((line) => readLine(line, limits) ?? []);
  return { results, batch: prepareBatch(results.filter((result): result is Paper => !isRejected(result))) };
}

/**
 * Reads a JSON Lines file of papers in chunks, each prepared (parsed, validated, indexed: about half of a bulk
 * ingest's work) in a worker thread while this one writes the chunks before it; when the worker has its hands
 * full, this thread prepares a chunk itself between writes, so both cores stay busy whichever is the slower.
 * Chunks come in the file's order with the file's bytes read by their end; an error ending the reading (a
 * cut-off gzip, a gzip bomb) is thrown after the chunks before it.
 */
export async function* readAhead(
  path: string,
  limits: FileLimits,
): AsyncGenerator<PreparedChunk & { bytesRead: number }> {
  const worker = startWorker(import.meta.url, 'read-ahead-worker', {
    workerData: limits,
    // A young generation of 8 MB (V8's default is 48): the worker's garbage is each paper's, short-lived, and
    // the ingest's peak memory is both threads' (measured on the full corpus: 416 MB against 581, as fast).
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  // Replies come in the order chunks were given.
  const replies: { resolve: (chunk: PreparedChunk) => void; reject: (error: Error) => void }[] = [];
  let failed: Error | undefined;
  const fail = (error: Error) => {
    failed ??= error;
    for (const reply of replies.splice(0)) reply.reject(failed);
  };
  worker.on('message', (chunk: PreparedChunk) => replies.shift()?.resolve(chunk));
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the file reader stopped (exit code ${code})`)));
  // A chunk read: its lines until prepared here, or until given to the worker (`inWorker` settles when it is back).
  type Pending = { lines?: Line[]; prepared?: PreparedChunk; inWorker?: Promise<PreparedChunk>; bytesRead: number };
  const giveWorker = (chunk: Pending) => {
    const lines = chunk.lines!;
    chunk.lines = undefined;
    chunk.inWorker = new Promise<PreparedChunk>((resolve, reject) => {
      if (failed) return reject(failed);
      replies.push({ resolve, reject });
      worker.postMessage(lines);
    });
    chunk.inWorker.then(
      (prepared) => {
        chunk.prepared = prepared;
      },
      // Awaited when its turn comes; until then a failure must not count as unhandled.
      () => undefined,
    );
  };
  const prepareHere = (chunk: Pending) => {
    chunk.prepared = prepareChunk(chunk.lines!, limits);
    chunk.lines = undefined;
  };

  const reading = lineChunks(path, limits, CHUNK);
  const pending: Pending[] = [];
  let ended = false;
  let cut: unknown;
  try {
    for (;;) {
      while (!ended && pending.length < AHEAD) {
        try {
          const next = await reading.next();
          if (next.done) ended = true;
          else pending.push(next.value);
        } catch (error) {
          ended = true;
          cut = error;
        }
      }
      for (const chunk of pending) if (chunk.lines && replies.length < IN_WORKER) giveWorker(chunk);
      const first = pending[0];
      if (!first) break;
      if (first.lines) prepareHere(first);
      else if (!first.prepared) {
        // The first chunk is still in the worker: rather than wait, prepare a later one here.
        const later = pending.find((chunk) => chunk.lines);
        if (later) {
          prepareHere(later);
          continue;
        }
        await first.inWorker;
      }
      pending.shift();
      yield { ...first.prepared!, bytesRead: first.bytesRead };
    }
    if (cut) throw cut;
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
    await reading.return(undefined);
  }
}
