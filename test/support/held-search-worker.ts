import { existsSync } from 'node:fs';
import type { SearchRequest } from '../../src/search/tasks.js';
import run from '../../src/search/worker.js';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * The search worker, made slow: each task holds the worker's thread (as a long search would hold it) until the
 * file named by PAPERBOT_TEST_GATE exists, then runs the real task.
 */
export default function held(request: SearchRequest): unknown {
  const gate = process.env.PAPERBOT_TEST_GATE ?? '';
  while (!existsSync(gate)) Atomics.wait(pause, 0, 0, 5);
  return run(request);
}
