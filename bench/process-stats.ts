// Resource use of another process (the bot under load), read from Linux's /proc: CPU time of all its threads
// (the search workers too) and its resident memory now and at its peak.
import { readFileSync } from 'node:fs';
import os from 'node:os';

// Linux counts CPU time in clock ticks, 100 a second on every common kernel.
const TICKS_PER_SECOND = 100;

export interface ProcessStats {
  /** User plus system CPU seconds since the process started. */
  readonly cpu_s: number;
  readonly rss_mb: number;
  readonly peak_rss_mb: number;
}

export function processStats(pid: number): ProcessStats {
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return {
    cpu_s: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    rss_mb: kb('VmRSS') / 1024,
    peak_rss_mb: kb('VmHWM') / 1024,
  };
}

export const loadAverage = (): string =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
