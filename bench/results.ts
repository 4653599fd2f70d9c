// The shape of bench/results.json.
import type { KnownItem, Latency } from './stats.js';
import type { SyntheticResult } from './synthetic.js';

/** The headline figures of one engine at one size; each also appears as a paperbot/FTS5 ratio. */
export interface Figures {
  build_s: number;
  build_cpu_s: number;
  build_peak_rss_mb: number;
  size_mb: number;
  cold_start_ms: number;
  cold_start_cpu_ms: number;
  rss_mb: number;
  search_p50_ms: number;
  search_p99_ms: number;
  search_cpu_p50_ms: number;
  search_cpu_p99_ms: number;
  ask_p50_ms: number;
  ask_p99_ms: number;
  similar_p50_ms: number;
  similar_p99_ms: number;
  recall10_fragment: number;
  mrr_fragment: number;
  recall10_typo: number;
  mrr_typo: number;
  recall10_cut: number;
  mrr_cut: number;
}

export const FIGURE_KEYS: readonly (keyof Figures)[] = [
  'build_s',
  'build_cpu_s',
  'build_peak_rss_mb',
  'size_mb',
  'cold_start_ms',
  'cold_start_cpu_ms',
  'rss_mb',
  'search_p50_ms',
  'search_p99_ms',
  'search_cpu_p50_ms',
  'search_cpu_p99_ms',
  'ask_p50_ms',
  'ask_p99_ms',
  'similar_p50_ms',
  'similar_p99_ms',
  'recall10_fragment',
  'mrr_fragment',
  'recall10_typo',
  'mrr_typo',
  'recall10_cut',
  'mrr_cut',
];

export interface EngineResult {
  readonly figures: Figures;
  /** Wall and CPU time, peak memory (NaN for FTS5, built in the bench's own process), load average at the start. */
  readonly build: { seconds: number; cpu_s: number; peak_rss_mb: number; load_1m: number; size_mb: number };
  /** Medians of the runs: a fresh process from spawn to exit, its CPU time, peak memory, and the load before. */
  readonly cold_start: {
    wall_ms: number;
    cpu_ms: number;
    rss_mb: number;
    load_1m: number;
    runs: readonly { wall_ms: number; cpu_ms: number; rss_mb: number; load_1m: number; hits: number }[];
  };
  /** Latency over all queries, and per kind. */
  readonly search: { all: Latency } & Record<'fragment' | 'typo' | 'cut' | 'topic', Latency>;
  /** CPU time per search (this process's), over all queries. */
  readonly search_cpu: Latency;
  /** The 1-minute load average when the queries began. */
  readonly queries_load_1m: number;
  readonly ask: Latency;
  readonly similar: Latency;
  readonly known_item: Record<'fragment' | 'typo' | 'cut', KnownItem>;
}

export interface SizeResult {
  /** As asked: a number of papers, or "all". */
  readonly size: string;
  readonly papers: number;
  readonly queries: {
    total: number;
    per_kind: number;
    asks: number;
    similar: number;
    warm_up: number;
    /** Fragments found word for word in more than 10 (or more than 1) titles of the subset. */
    fragments_in_over_10_titles: number;
    fragments_in_over_1_title: number;
    examples: Record<string, string[]>;
  };
  readonly paperbot: EngineResult;
  readonly fts5: EngineResult;
  /** paperbot / FTS5 for each figure: below 1 is better for times and sizes, above 1 for recall and MRR. */
  readonly ratio: Record<keyof Figures, number | null>;
  readonly daily?: {
    channels: number;
    topics_per_channel: number;
    distinct_topics: number;
    total_s: number;
    new_paper: number;
    archive_paper: number;
    nothing: number;
  };
}

export interface Results {
  /** load_avg_*: the 1, 5 and 15 minute load averages, as other work on the machine skews the latencies. */
  readonly machine: {
    cpu: string;
    cpus: number;
    memory_gb: number;
    os: string;
    node: string;
    date: string;
    load_avg_start: number[];
    load_avg_end: number[];
  };
  /** The commit measured and the files under src/ and adapters/ that differed from it when the run started. */
  readonly code: { commit: string; uncommitted: string[] };
  readonly config: {
    corpus: string;
    seed: number;
    queries: number;
    warm_up: number;
    similar_papers: number;
    cold_runs: number;
  };
  /** nDCG@5 and MRR on the judged seed queries (the core issue's floor: 0.90 and 0.95), for both engines. */
  readonly seed_quality: {
    queries: number;
    in_memory: { ndcg5: number; mrr: number };
    on_disk: { ndcg5: number; mrr: number };
  };
  readonly sizes: SizeResult[];
  /** The opt-in synthetic library (`--synthetic N`), when asked for. */
  synthetic?: SyntheticResult;
  duration_s: number;
}
