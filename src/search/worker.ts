import { constants, setPriority } from 'node:os';
import { workerData } from 'piscina';
import { openLibrary } from '../library/library.js';
import { indexLibrary } from './paper-index.js';
import { runTask, type SearchRequest } from './tasks.js';

// Acknowledging an interaction in time matters more than any one search: when the cores are busy, the bot's
// main thread goes first. (On Linux a thread's nice value is its own, so this lowers this worker only.)
setPriority(constants.priority.PRIORITY_BELOW_NORMAL);

// Each worker reads the library through its own read-only connection; the bot's process is the only writer.
const library = openLibrary((workerData as { file: string }).file, { readonly: true });
let version = library.version();
let index = indexLibrary(library);
// The first query loads the vocabulary and common posting lists (seconds on a large library): done here, as
// the worker starts, rather than while someone waits.
index.search('paper', { limit: 1 });

/** Runs one search task on this worker's index, first re-reading the library if it changed (an ingest). */
export default function run(request: SearchRequest): unknown {
  const now = library.version();
  if (now !== version) {
    version = now;
    index = indexLibrary(library);
  }
  return runTask(index, request);
}
