import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { log } from '../core/log.js';
import { workerModule } from '../core/worker-module.js';
import type { RunSearch, SearchRequest } from './tasks.js';

export interface SearchPoolOptions {
  /** The library file (`papers.db`) the workers open read-only. */
  readonly file: string;
  readonly threads?: number;
  /** The worker module; tests pass one that delays each task. */
  readonly worker?: URL;
}

export interface SearchPool {
  readonly run: RunSearch;
  /** How many tasks wait for a free worker. */
  waiting(): number;
  /** Finishes the tasks already sent, then ends the workers. */
  close(): Promise<void>;
}

// One worker per core, up to four: a search is CPU-bound, and each worker holds its own index and caches.
const defaultThreads = () => Math.max(1, Math.min(4, availableParallelism()));

/** Worker threads that run search tasks off the event loop, each on a read-only connection to the library. */
export function startSearchPool(options: SearchPoolOptions): SearchPool {
  const threads = options.threads ?? defaultThreads();
  const worker = workerModule(import.meta.url, 'worker');
  const pool = new Piscina<SearchRequest, unknown>({
    filename: (options.worker ?? worker.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData: { file: options.file },
    execArgv: worker.execArgv,
  });
  log.info({ threads }, 'search workers started');
  return {
    run: ((task, ...args) => pool.run({ task, args })) as RunSearch,
    waiting: () => pool.queueSize,
    close: () => pool.close(),
  };
}
