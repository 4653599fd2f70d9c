import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/state/store.js';
import { subscribe, subscriptionsOf, unsubscribe } from '../src/state/subscriptions.js';
import { tempDir } from './support/bot.js';

const writerScript = fileURLToPath(new URL('./support/state-writer.ts', import.meta.url));
const now = new Date('2026-11-28T09:00:00Z');
const here = { platform: 'slack', id: 'CHERE' } as const;
const topics = (prefix: string) => Array.from({ length: 11 }, (_, i) => `${prefix} topic ${i}`);

/** Another paperbot process on the same state file (see support/state-writer.ts). */
function otherProcess(file: string) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', writerScript, file, 'CTHERE'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value);
  return {
    child,
    ready: next,
    async subscribe(names: string[]) {
      child.stdin.write(`${names.join(',')}\n`);
      return next();
    },
  };
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

describe('two processes on one state file', () => {
  it('keep every subscribe, and an unsubscribe in one is not undone by the other', async () => {
    const file = join(tempDir(), 'state.json');
    const mine = await openStore(file);
    await subscribe(mine, here, 'dropped topic', now);
    // The other process reads the state while it still holds "dropped topic"…
    const other = otherProcess(file);
    children.push(other.child);
    expect(await other.ready()).toBe('ready');
    // …which is then dropped here, before both subscribe 11 topics at the same moment.
    await unsubscribe(mine, here, 'dropped topic');
    const [theirs] = await Promise.all([
      other.subscribe(topics('their')),
      Promise.all(topics('my').map((topic) => subscribe(mine, here, topic, now))),
    ]);
    expect(theirs).toBe(`done ${Array(11).fill('added').join(',')}`);

    const onDisk = JSON.parse(readFileSync(file, 'utf8')).subscriptions.map((s: { topic: string }) => s.topic);
    expect(onDisk.sort()).toEqual([...topics('my'), ...topics('their')].sort());
    // This process sees the other's topics on its next read, without reopening.
    expect(subscriptionsOf(mine, { platform: 'slack', id: 'CTHERE' })).toHaveLength(11);
    expect(readdirSync(join(file, '..'))).toEqual(['state.json']);
  });
});
