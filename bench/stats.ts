// Small statistics helpers for the benchmark: percentiles by nearest rank, medians, rounding for reports.

/** The p-th percentile by nearest rank: an observed value, never an interpolation between two. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export interface Latency {
  readonly n: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly mean_ms: number;
  readonly max_ms: number;
}

export function latency(samples: readonly number[]): Latency {
  const mean = samples.reduce((a, b) => a + b, 0) / (samples.length || 1);
  return {
    n: samples.length,
    p50_ms: round(percentile(samples, 50), 3),
    p99_ms: round(percentile(samples, 99), 3),
    mean_ms: round(mean, 3),
    max_ms: round(samples.length ? Math.max(...samples) : Number.NaN, 3),
  };
}

/** Known-item quality: recall@10 (the item is in the top 10) and MRR (1/rank, 0 outside the top 10). */
export interface KnownItem {
  readonly n: number;
  readonly recall_at_10: number;
  readonly mrr: number;
}

/** `ranks` holds the 1-based rank of the known item in the top 10, or 0 when it is not there. */
export function knownItem(ranks: readonly number[]): KnownItem {
  const n = ranks.length || 1;
  return {
    n: ranks.length,
    recall_at_10: round(ranks.filter((r) => r > 0).length / n, 4),
    mrr: round(ranks.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0) / n, 4),
  };
}

export function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Times a synchronous call in milliseconds, wall clock and this process's CPU time (microsecond resolution). */
export function timed<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
}
