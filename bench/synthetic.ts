// Toward 1 M papers (issue 15, opt-in: `npm run bench -- --synthetic 1000000`): a library of N papers recombined
// from the corpus's real titles and abstracts (the first half of one paper's title and abstract with the second
// half of another's), so words, lengths and their spread are a real collection's. Reported: ingest time, disk,
// peak memory, cold start and search latency, each with its CPU time and the load average.
import { once } from 'node:events';
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Paper } from '../src/core/paper.js';
import { openLibrary } from '../src/library/library.js';
import { libraryIndex } from '../src/search/paper-index.js';
import { paperbotColdStart } from './cold-start.js';
import { papersOf, samplePapers } from './corpus.js';
import { measuredRun } from './measured-run.js';
import { generateQueries, KNOWN_ITEM_KINDS, mulberry32 } from './queries.js';
import { type KnownItem, knownItem, type Latency, latency, round, timed } from './stats.js';

export interface SyntheticResult {
  readonly papers: number;
  readonly build: { seconds: number; cpu_s: number; peak_rss_mb: number; load_1m: number };
  readonly size_mb: number;
  readonly cold_start: { wall_ms: number; cpu_ms: number; rss_mb: number; load_1m: number };
  readonly search: Latency;
  readonly search_cpu: Latency;
  readonly queries_load_1m: number;
  readonly known_item: Record<'fragment' | 'typo' | 'cut', KnownItem>;
}

const halves = <T>(items: readonly T[], first: boolean) =>
  first ? items.slice(0, Math.ceil(items.length / 2)) : items.slice(Math.ceil(items.length / 2));
const sentencesOf = (text: string) => text.split(/(?<=\.)\s+/);

/** Writes `count` recombined papers as JSON Lines (the corpus's format), the same on every run for one seed. */
async function writeSynthetic(corpus: string, outFile: string, count: number, seed: number): Promise<void> {
  const real: Paper[] = [];
  for await (const paper of papersOf(corpus)) real.push(paper);
  const random = mulberry32(seed);
  const pick = () => real[Math.floor(random() * real.length)]!;
  const out = createWriteStream(outFile);
  for (let i = 0; i < count; i += 1) {
    const [a, b] = [pick(), pick()];
    const title = [...halves(a.title.split(' '), true), ...halves(b.title.split(' '), false)].join(' ');
    const abstract = [...halves(sentencesOf(a.abstract), true), ...halves(sentencesOf(b.abstract), false)].join(' ');
    const record = {
      id: `syn-${i}`,
      title,
      abstract,
      categories: b.categories ?? [],
      created: a.published ?? '',
      authors: (a.authors ?? []).join(', '),
    };
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Builds and measures a synthetic library of `count` papers in `dir`. */
export async function benchSynthetic(
  repo: string,
  corpus: string,
  dir: string,
  count: number,
  seed: number,
  log: (message: string) => void,
): Promise<SyntheticResult> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'synthetic.jsonl');
  log(`[synthetic] writing ${count} recombined papers`);
  await writeSynthetic(corpus, file, count, seed);
  const dbFile = join(dir, 'library', 'papers.db');
  log('[synthetic] paperbot: ingesting');
  const cli = join(repo, 'dist', 'app', 'main.js');
  const ingest = measuredRun(repo, [cli, 'ingest', 'file', file], { DATA_DIR: join(dir, 'library') });
  const sizeMb = (statSync(dbFile).size + (statSync(`${dbFile}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 2 ** 20;
  log(`[synthetic]   ${round(ingest.wall_ms / 1000, 1)} s (CPU ${round(ingest.cpu_ms / 1000, 1)} s)`);
  const sample = await samplePapers(file, count, 2000, mulberry32(seed + 1));
  const queries = generateQueries(sample, 100, seed + 2).filter((q) => q.kind !== 'topic');
  const colds = [0, 1, 2].map(() => paperbotColdStart(repo, dbFile, queries.find((q) => q.kind === 'typo')!.text));
  const cold = colds.sort((x, y) => x.wall_ms - y.wall_ms)[1]!;
  const library = openLibrary(dbFile, { readonly: true });
  const index = libraryIndex(library);
  for (const q of queries.slice(0, 20)) index.search(q.text, { limit: 10 });
  const load = os.loadavg()[0]!;
  const wall: number[] = [];
  const cpu: number[] = [];
  const ranks = new Map<string, number[]>(KNOWN_ITEM_KINDS.map((kind) => [kind, []]));
  for (const q of queries) {
    const run = timed(() => index.search(q.text, { limit: 10 }));
    wall.push(run.ms);
    cpu.push(run.cpuMs);
    const ids = run.value.hits.map((hit) => hit.paper.id);
    ranks.get(q.kind)?.push(ids.indexOf(q.paperId) + 1);
  }
  library.close();
  return {
    papers: count,
    build: {
      seconds: round(ingest.wall_ms / 1000, 1),
      cpu_s: round(ingest.cpu_ms / 1000, 1),
      peak_rss_mb: round(ingest.peak_rss_mb, 0),
      load_1m: round(ingest.load_1m, 2),
    },
    size_mb: round(sizeMb, 0),
    cold_start: {
      wall_ms: round(cold.wall_ms, 0),
      cpu_ms: round(cold.cpu_ms, 0),
      rss_mb: round(cold.rss_mb, 0),
      load_1m: round(cold.load_1m, 2),
    },
    search: latency(wall),
    search_cpu: latency(cpu),
    queries_load_1m: round(load, 2),
    known_item: Object.fromEntries(
      KNOWN_ITEM_KINDS.map((kind) => [kind, knownItem(ranks.get(kind)!)]),
    ) as SyntheticResult['known_item'],
  };
}
