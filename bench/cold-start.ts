// Cold start as a person meets it: a fresh process from launch to exit, answering one misspelt query. paperbot
// is its built CLI (`paperbot search "<query>" --json`, dist/app/main.js) on a persisted library, offline;
// FTS5 is a plain script opening its database and answering the same text.
import { dirname, join } from 'node:path';
import { measuredRun } from './measured-run.js';

export interface ColdStart {
  readonly wall_ms: number;
  readonly cpu_ms: number;
  readonly rss_mb: number;
  readonly load_1m: number;
  /** How many papers the answer listed. */
  readonly hits: number;
}

function coldStart(repo: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): ColdStart {
  const run = measuredRun(repo, args, env);
  const hits = (JSON.parse(run.stdout) as unknown[]).length;
  return { wall_ms: run.wall_ms, cpu_ms: run.cpu_ms, rss_mb: run.peak_rss_mb, load_1m: run.load_1m, hits };
}

/** `paperbot search "<query>" --json` on the library in papers.db's folder (nothing fetched). */
export const paperbotColdStart = (repo: string, dbFile: string, query: string) =>
  coldStart(repo, [join(repo, 'dist', 'app', 'main.js'), 'search', query, '--json', '--limit', '10'], {
    DATA_DIR: dirname(dbFile),
    INGEST_SOURCES: 'none',
  });

export const fts5ColdStart = (repo: string, dbFile: string, query: string) =>
  coldStart(repo, [join(repo, 'bench', 'cold-start-fts5.mjs'), dbFile, query]);
