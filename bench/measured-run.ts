// Runs a command in a fresh Node process and reports what it used: wall time from spawn to exit (as the bench
// saw it), and from inside the process (exit-usage.mjs) the CPU time of all its threads and its peak memory,
// with the 1-minute load average just before, since anything else running on the machine skews the times.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

export interface MeasuredRun {
  readonly wall_ms: number;
  readonly cpu_ms: number;
  readonly peak_rss_mb: number;
  readonly load_1m: number;
  readonly stdout: string;
}

export function measuredRun(repo: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): MeasuredRun {
  const dir = mkdtempSync(join(os.tmpdir(), 'paperbot-measured-'));
  const usageFile = join(dir, 'usage.json');
  const load = os.loadavg()[0]!;
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', join(repo, 'bench', 'exit-usage.mjs'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile },
    maxBuffer: 64 * 2 ** 20,
  });
  const wall = performance.now() - started;
  try {
    if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr}`);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpu_ms: number; peak_rss_mb: number };
    return { wall_ms: wall, cpu_ms: usage.cpu_ms, peak_rss_mb: usage.peak_rss_mb, load_1m: load, stdout: run.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
