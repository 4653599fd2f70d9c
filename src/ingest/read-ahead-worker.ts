import { parentPort, workerData } from 'node:worker_threads';
import { indexingOf, packIndexing } from '../library/indexing.js';
import { CHUNKS_AHEAD, type ReadAheadData, type ReadAheadItem, type ReadAheadMessage } from './read-ahead.js';
import { readJsonLinesFile } from './sources/jsonl.js';
import { isRejected } from './sources/records.js';

// Records per message: a message costs about as much as a few records, and the writer takes 2,000 at a time.
const CHUNK = 500;

const port = parentPort!;
const { path, limits } = workerData as ReadAheadData;
let credit = CHUNKS_AHEAD;
let wake: (() => void) | undefined;
port.on('message', () => {
  credit += 1;
  wake?.();
});

async function send(message: ReadAheadMessage): Promise<void> {
  while (credit === 0) {
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  credit -= 1;
  port.postMessage(message);
}

/** Reads the file to its end, or to the error that ends it, sending what it read. */
async function readAll(): Promise<void> {
  let items: ReadAheadItem[] = [];
  try {
    for await (const { result, bytesRead } of readJsonLinesFile(path, limits)) {
      items.push(
        isRejected(result)
          ? { rejected: result, bytesRead }
          : { paper: result, indexing: packIndexing(indexingOf(result)), bytesRead },
      );
      if (items.length >= CHUNK) {
        await send({ items });
        items = [];
      }
    }
    await send({ items });
    port.postMessage({ done: true } satisfies ReadAheadMessage);
  } catch (error) {
    await send({ items });
    const { name, message } = error as Error;
    port.postMessage({ error: { name, message } } satisfies ReadAheadMessage);
  }
}

void readAll();
