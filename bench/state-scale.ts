// `npm run bench:state` (and the end of `npm run bench`): paperbot's own state at a large deployment's size,
// 20,000 Slack channels × 25 topics (500,000 subscriptions; state.json as an earlier paperbot wrote it). It times
// the real program's `paperbot daily status` and a console `/subscribe` (each a whole run: start-up, reading the
// state, the command, the write), then the store's own steps in this process, with CPU time and load beside wall time.
// Flags: --channels 20000   --topics 25
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { configureLog } from '../src/core/log.js';
import { openLedger } from '../src/daily/ledger.js';
import { createDaily } from '../src/daily/service.js';
import type { PaperIndex } from '../src/search/paper-index.js';
import { openStore } from '../src/state/store.js';
import { subscribe } from '../src/state/subscriptions.js';
import { writeBigState } from '../test/support/big-state.js';
import { spawnPaperbot } from '../test/support/cli.js';

function flag(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  const value = Number(at >= 0 ? args[at + 1] : fallback);
  if (!(value > 0)) throw new Error(`--${name} takes a positive number`);
  return value;
}

const channels = flag('channels', 20_000);
const topics = flag('topics', 25);
const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** CPU time of this process's children that have ended (Linux), in ms: a child's own CPU, for the program runs. */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Runs the real program to its end: wall time, its CPU time, and how many lines it printed. */
async function program(args: string[], env: Record<string, string>, input = '') {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const child = spawnPaperbot(args, env);
  let lines = 0;
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (lines += chunk.toString().split('\n').length - 1));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`paperbot ${args.join(' ')} ended with ${code}: ${stderr}`);
  return { wall: performance.now() - started, cpu: childrenCpuMs() - cpuBefore, lines };
}

/** One step in this process: wall and CPU time. */
async function step<T>(run: () => Promise<T> | T): Promise<{ wall: number; cpu: number; value: T }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: performance.now() - started, cpu: (cpu.user + cpu.system) / 1000, value };
}

configureLog('silent');
const dir = await mkdtemp(join(os.tmpdir(), 'paperbot-bench-state-'));
const file = writeBigState(dir, channels, topics);
const env = { DATA_DIR: dir, LOG_LEVEL: 'silent' };
const sizeBefore = statSync(file).size;
const loadBefore = loadAverage();

const status = await program(['daily', 'status'], env);
const chat = await program(['chat'], env, '/subscribe brand new topic\n');
const sizeAfter = statSync(file).size;

const open = await step(() => openStore(file));
const store = open.value;
const ledger = openLedger(join(dir, 'daily.db'));
const daily = createDaily({
  index: () => ({}) as PaperIndex, // status reads no papers
  store,
  ledger,
  defaults: { time: '09:00', timezone: 'UTC' },
  now: () => new Date(),
});
const rows = await step(() => daily.status());
const one = await step(() => subscribe(store, { platform: 'slack', id: 'CBENCH' }, 'one more topic', new Date()));
ledger.close();

const row = (what: string, m: { wall: number; cpu: number }) =>
  console.log(`  ${what.padEnd(34)} wall ${seconds(m.wall).padStart(8)}; CPU ${seconds(m.cpu).padStart(8)}`);
console.log(`state: ${channels} channels × ${topics} topics (${store.read().subscriptions.length} subscriptions)`);
console.log(
  `  state.json: ${(sizeBefore / 1e6).toFixed(1)} MB as an earlier paperbot wrote it, ${(sizeAfter / 1e6).toFixed(1)} MB rewritten`,
);
row(`paperbot daily status (${status.lines} lines)`, status);
row('paperbot chat: /subscribe (one)', chat);
row('open the store (read, validate)', open);
row(`daily status rows (${rows.value.length})`, rows);
row(`one subscribe (${one.value.status}, one write)`, one);
console.log(`  load average (1, 5, 15 min): ${loadBefore} at the start, ${loadAverage()} at the end`);
if (status.lines !== channels || rows.value.length !== channels + 1 || one.value.status !== 'added')
  process.exitCode = 1;
