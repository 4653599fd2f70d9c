// A second process on the same state file, for test/state-processes.test.ts. It opens the store at once (so it
// holds the state as it was then), says "ready", and on each line of stdin subscribes the channel to the
// comma-separated topics all at once, answering "done" with the outcomes.
import { createInterface } from 'node:readline';
import { configureLog } from '../../src/core/log.js';
import { openStore } from '../../src/state/store.js';
import { subscribe } from '../../src/state/subscriptions.js';

const [file, channelId] = process.argv.slice(2) as [string, string];
configureLog('silent');
const store = await openStore(file);
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const topics = line.split(',');
  const outcomes = await Promise.all(
    topics.map((topic) => subscribe(store, { platform: 'slack', id: channelId }, topic, new Date())),
  );
  process.stdout.write(`done ${outcomes.map((o) => o.status).join(',')}\n`);
}
