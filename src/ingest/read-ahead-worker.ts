import { parentPort, workerData } from 'node:worker_threads';
import { movedMemory } from '../library/prepared-batch.js';
import type { FileLimits } from './limits.js';
import { prepareChunk } from './read-ahead.js';
import type { Line } from './sources/lines.js';

const port = parentPort!;
const limits = workerData as FileLimits;
port.on('message', (lines: Line[]) => {
  const chunk = prepareChunk(lines, limits);
  port.postMessage(chunk, movedMemory(chunk.batch));
});
