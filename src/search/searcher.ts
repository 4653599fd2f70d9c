import type { PaperIndex } from './paper-index.js';
import { type SearchPoolOptions, startSearchPool } from './pool.js';
import { type RunSearch, runTask, type TaskResult } from './tasks.js';

export interface Searcher {
  readonly run: RunSearch;
  /** How many searches wait for a free worker (none in this thread). */
  waiting(): number;
  /** Ends the search workers, if any were started. */
  close(): Promise<void>;
}

/** Runs search tasks on the current index in this thread. */
export const inThread =
  (index: () => PaperIndex): RunSearch =>
  async (task, ...args) =>
    runTask(index(), { task, args }) as TaskResult<typeof task>;

/**
 * Runs search tasks in worker threads when given the library file (a bot serving platforms: its event loop must
 * stay free to acknowledge interactions), else in this thread (tests, one-shot commands, the console chat). No
 * library is small enough to keep it on the event loop: an answer on 1,000 papers took 38 ms (p50) on a busy
 * 2-core machine, so 200 questions at once would hold the loop for seconds.
 */
export function createSearcher(index: () => PaperIndex, pool?: SearchPoolOptions): Searcher {
  return pool ? startSearchPool(pool) : { run: inThread(index), waiting: () => 0, close: async () => undefined };
}
