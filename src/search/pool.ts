import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { log } from '../core/log.js';
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

// Run from the TypeScript sources (tests, tsx), the worker is a .ts file and needs tsx's loader too.
const fromSources = import.meta.url.endsWith('.ts');
const defaultWorker = () => new URL(fromSources ? './worker.ts' : './worker.js', import.meta.url);
const workerExecArgv = () =>
  fromSources && !process.execArgv.some((arg) => arg.includes('tsx'))
    ? [...process.execArgv, '--import', 'tsx']
    : process.execArgv;

/** Worker threads that run search tasks off the event loop, each on a read-only connection to the library. */
export function startSearchPool(options: SearchPoolOptions): SearchPool {
  const threads = options.threads ?? defaultThreads();
  const pool = new Piscina<SearchRequest, unknown>({
    filename: (options.worker ?? defaultWorker()).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData: { file: options.file },
    execArgv: workerExecArgv(),
  });
  log.info({ threads }, 'search workers started');
  return {
    run: ((task, ...args) => pool.run({ task, args })) as RunSearch,
    waiting: () => pool.queueSize,
    close: () => pool.close(),
  };
}
