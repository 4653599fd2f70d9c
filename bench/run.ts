// `npm run bench`: paperbot's search against SQLite FTS5 on the arXiv CS corpus at several sizes (issue 7).
// Flags: --sizes 10000,100000,all   --queries 400 (total, split equally over 4 kinds)   --keep (keep temp files)
// Progress goes to stderr; the figures go to bench/results.json and bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChooser } from '../src/daily/choose.js';
import { loadSeedPapers } from '../src/ingest/seed-folder.js';
import { openLibrary } from '../src/library/library.js';
import { answer } from '../src/search/answer.js';
import { buildIndex, libraryIndex } from '../src/search/paper-index.js';
import { resolvePaper, similarPapers } from '../src/search/similar.js';
import { evaluate, loadJudgements } from '../test/support/evaluate.js';
import { type ColdStart, fts5ColdStart, paperbotColdStart } from './cold-start.js';
import { samplePapers, titlesContaining, writeSubset } from './corpus.js';
import { buildFts5, openFts5 } from './fts5.js';
import { type MeasuredRun, measuredRun } from './measured-run.js';
import {
  type BenchQuery,
  dailyTopics,
  generateQueries,
  KINDS,
  KNOWN_ITEM_KINDS,
  mulberry32,
  type QueryKind,
} from './queries.js';
import { renderReadme } from './report.js';
import { type EngineResult, FIGURE_KEYS, type Figures, type Results, type SizeResult } from './results.js';
import { knownItem, latency, median, round, timed } from './stats.js';
import { benchSynthetic } from './synthetic.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(BENCH_DIR, '..');
const CORPUS = resolve(REPO, '../shared/corpus/arxiv-cs-20200101.jsonl.gz');
// paperbot is measured as people run it: the built CLI (`npm run build` first; the bench runs it).
const CLI = join(REPO, 'dist', 'app', 'main.js');
const SEED = 7; // issue 7; any fixed seed makes the queries the same on every run
const WARM_UP = 20;
const SIMILAR_PAPERS = 100;
const COLD_RUNS = 5;
const DAILY_CHANNELS = 10_000;
const DAILY_TOPICS_PER_CHANNEL = 5;
const DAILY_DISTINCT_TOPICS = 200;
// A fixed "today" just after the corpus ends (2019-12-31), so some papers count as new, the same on every run.
const DAILY_NOW = new Date('2020-01-01T12:00:00Z');

// ---- arguments ----------------------------------------------------------------------------------------------
function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  if (at >= 0) return args[at + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
const sizes = (flag('sizes') ?? '10000,100000,all')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .map((s) => (s === 'all' ? Number.POSITIVE_INFINITY : Number(s)));
if (sizes.some((n) => !(n > 0)))
  throw new Error('--sizes takes positive numbers or "all", e.g. --sizes 10000,100000,all');
sizes.sort((a, b) => a - b);
const totalQueries = Number(flag('queries') ?? 400);
if (!(totalQueries >= 4)) throw new Error('--queries takes a number (at least 4)');
const perKind = Math.ceil(totalQueries / KINDS.length);
const keep = process.argv.includes('--keep');
// Opt-in: a synthetic library of this many papers recombined from the corpus (toward 1 M papers).
const synthetic = Number(flag('synthetic') ?? 0);

// ---- helpers ------------------------------------------------------------------------------------------------
const started = performance.now();
const log = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${message}\n`);
const mb = (bytes: number) => bytes / 2 ** 20;
const fileSize = (file: string) => (existsSync(file) ? statSync(file).size : 0);
/** A database's size on disk after closing: the main file plus any WAL left behind and paperbot's snapshot files. */
const dbSize = (file: string) =>
  [file, `${file}-wal`, `${file}.words`, `${file}.layout`].reduce((sum, part) => sum + fileSize(part), 0);

const rankOf = (ids: readonly string[], wanted: string) => ids.slice(0, 10).indexOf(wanted) + 1;

function figuresOf(e: Omit<EngineResult, 'figures'>): Figures {
  const r = (kind: 'fragment' | 'typo' | 'cut') => e.known_item[kind];
  return {
    build_s: e.build.seconds,
    size_mb: e.build.size_mb,
    build_cpu_s: e.build.cpu_s,
    build_peak_rss_mb: e.build.peak_rss_mb,
    cold_start_ms: e.cold_start.wall_ms,
    cold_start_cpu_ms: e.cold_start.cpu_ms,
    rss_mb: e.cold_start.rss_mb,
    search_p50_ms: e.search.all.p50_ms,
    search_p99_ms: e.search.all.p99_ms,
    search_cpu_p50_ms: e.search_cpu.p50_ms,
    search_cpu_p99_ms: e.search_cpu.p99_ms,
    ask_p50_ms: e.ask.p50_ms,
    ask_p99_ms: e.ask.p99_ms,
    similar_p50_ms: e.similar.p50_ms,
    similar_p99_ms: e.similar.p99_ms,
    recall10_fragment: r('fragment').recall_at_10,
    mrr_fragment: r('fragment').mrr,
    recall10_typo: r('typo').recall_at_10,
    mrr_typo: r('typo').mrr,
    recall10_cut: r('cut').recall_at_10,
    mrr_cut: r('cut').mrr,
  };
}

const ratioOf = (a: Figures, b: Figures) =>
  Object.fromEntries(FIGURE_KEYS.map((key) => [key, b[key] ? round(a[key] / b[key], 3) : null])) as Record<
    keyof Figures,
    number | null
  >;

interface Build {
  readonly seconds: number;
  readonly cpu_s: number;
  readonly peak_rss_mb: number;
  readonly load_1m: number;
}

const buildOf = (run: MeasuredRun): Build => ({
  seconds: run.wall_ms / 1000,
  cpu_s: run.cpu_ms / 1000,
  peak_rss_mb: run.peak_rss_mb,
  load_1m: run.load_1m,
});

// ---- one size -----------------------------------------------------------------------------------------------
async function benchSize(limit: number, work: string, isLargest: boolean): Promise<SizeResult> {
  const label = Number.isFinite(limit) ? String(limit) : 'all';
  const dir = join(work, label);
  mkdirSync(dir, { recursive: true });
  const subset = join(dir, 'subset.jsonl');
  log(`[${label}] writing the subset of the first ${label} papers`);
  const lines = await writeSubset(CORPUS, subset, limit, (n) => log(`[${label}]   ${n} lines`));
  log(`[${label}] subset: ${lines} lines, ${mb(fileSize(subset)).toFixed(1)} MB`);

  // 1. paperbot's build, as a person runs it: `paperbot ingest file` into a fresh library (its own process, so
  // its CPU time and peak memory are its own), then the library's size on disk once closed.
  const dbFile = join(dir, 'paperbot', 'papers.db');
  log(`[${label}] paperbot: ingesting`);
  const ingestRun = measuredRun(REPO, [CLI, 'ingest', 'file', subset], {
    DATA_DIR: dirname(dbFile),
    INGEST_SOURCES: 'none',
  });
  const paperbotBuild = buildOf(ingestRun);
  let library = openLibrary(dbFile, { readonly: true });
  const papers = library.count();
  library.close();
  const paperbotSize = mb(dbSize(dbFile));
  log(
    `[${label}] paperbot: ${papers} papers in ${paperbotBuild.seconds.toFixed(1)} s (CPU ${paperbotBuild.cpu_s.toFixed(1)} s, peak ${paperbotBuild.peak_rss_mb.toFixed(0)} MB, load ${paperbotBuild.load_1m}), ${paperbotSize.toFixed(1)} MB`,
  );

  // 5a. The baseline's build, from the same subset file through the same reader.
  const ftsFile = join(dir, 'fts5', 'docs.db');
  mkdirSync(dirname(ftsFile), { recursive: true });
  log(`[${label}] FTS5: building`);
  const ftsLoad = os.loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const ids = await buildFts5(subset, ftsFile, (n) => n % 20_000 === 0 && log(`[${label}]   FTS5 ${n} papers`));
  const ftsCpu = process.cpuUsage(cpu0);
  // In the bench's own process: its peak memory is the bench's, so it is not reported as FTS5's.
  const ftsBuild = {
    seconds: (performance.now() - t1) / 1000,
    cpu_s: (ftsCpu.user + ftsCpu.system) / 1e6,
    peak_rss_mb: Number.NaN,
    load_1m: ftsLoad,
  };
  const ftsSize = mb(dbSize(ftsFile));
  log(
    `[${label}] FTS5: ${ids.length} papers in ${ftsBuild.seconds.toFixed(1)} s (CPU ${ftsBuild.cpu_s.toFixed(1)} s), ${ftsSize.toFixed(1)} MB`,
  );
  const rowidOf = new Map(ids.map((id, i) => [id, i + 1]));

  // 3. Queries from this subset: a seeded sample of its papers, 5 extra per kind kept aside for warming up.
  log(`[${label}] generating queries`);
  const sample = await samplePapers(subset, lines, Math.max((perKind + 5) * 4, 2000), mulberry32(SEED));
  const generated = generateQueries(sample, perKind + 5, SEED + 1);
  const queries = generated.slice(0, perKind * KINDS.length);
  const warmUp = generated.slice(perKind * KINDS.length, perKind * KINDS.length + WARM_UP);
  const asks = queries.filter((q) => q.kind === 'fragment');
  const similarIds = asks.slice(0, SIMILAR_PAPERS).map((q) => q.paperId);
  // How ambiguous the fragments are in this subset: those in more than 10 titles cap any engine's recall.
  const inTitles = await titlesContaining(
    subset,
    asks.map((q) => q.text),
  );

  // 2. Cold starts on a misspelt query (typo correction needs the vocabulary), alternating engines so neither
  // gets a systematically warmer machine.
  const coldQuery = queries.find((q) => q.kind === 'typo')!.text;
  // The two builds just wrote close to a gigabyte: flushed first, so the kernel's writeback does not run beside
  // the first starts (it made paperbot's vary from 840 to 1,060 ms in one run).
  spawnSync('sync');
  log(`[${label}] cold starts (${COLD_RUNS} each) with "${coldQuery}"`);
  const coldRuns: { paperbot: ColdStart[]; fts5: ColdStart[] } = { paperbot: [], fts5: [] };
  for (let i = 0; i < COLD_RUNS; i += 1) {
    coldRuns.paperbot.push(paperbotColdStart(REPO, dbFile, coldQuery));
    coldRuns.fts5.push(fts5ColdStart(REPO, ftsFile, coldQuery));
  }
  const coldOf = (runs: ColdStart[]) => ({
    wall_ms: round(median(runs.map((r) => r.wall_ms)), 1),
    cpu_ms: round(median(runs.map((r) => r.cpu_ms)), 1),
    rss_mb: round(median(runs.map((r) => r.rss_mb)), 1),
    load_1m: round(median(runs.map((r) => r.load_1m)), 2),
    runs,
  });
  log(
    `[${label}]   paperbot ${coldOf(coldRuns.paperbot).wall_ms} ms (CPU ${coldOf(coldRuns.paperbot).cpu_ms} ms), FTS5 ${coldOf(coldRuns.fts5).wall_ms} ms (CPU ${coldOf(coldRuns.fts5).cpu_ms} ms)`,
  );

  // 4 and 5b. In-process latency and known-item rank, both engines on each query in turn (interleaved, so
  // any background load on the machine hits both alike).
  library = openLibrary(dbFile);
  const index = libraryIndex(library);
  const fts = openFts5(ftsFile);
  const isCut = (q: BenchQuery) => q.kind === 'cut';
  log(`[${label}] warming up with ${warmUp.length} queries`);
  for (const q of warmUp) {
    index.search(q.text, { limit: 10 });
    answer(index, `what is ${q.text}?`);
    fts.search(q.text, isCut(q));
    fts.ask(`what is ${q.text}?`);
  }

  type Samples = {
    search: Map<QueryKind, number[]>;
    searchCpu: number[];
    ranks: Map<QueryKind, number[]>;
    ask: number[];
    similar: number[];
  };
  const fresh = (): Samples => ({
    search: new Map(KINDS.map((k) => [k, []])),
    searchCpu: [],
    ranks: new Map(KINDS.map((k) => [k, []])),
    ask: [],
    similar: [],
  });
  const ours = fresh();
  const theirs = fresh();
  log(`[${label}] search: ${queries.length} queries`);
  const queriesLoad = os.loadavg()[0]!;
  queries.forEach((q, i) => {
    const a = timed(() => index.search(q.text, { limit: 10 }));
    ours.search.get(q.kind)!.push(a.ms);
    ours.searchCpu.push(a.cpuMs);
    ours.ranks.get(q.kind)!.push(
      rankOf(
        a.value.hits.map((h) => h.paper.id),
        q.paperId,
      ),
    );
    const b = timed(() => fts.search(q.text, isCut(q)));
    theirs.search.get(q.kind)!.push(b.ms);
    theirs.searchCpu.push(b.cpuMs);
    theirs.ranks.get(q.kind)!.push(
      rankOf(
        b.value.map((h) => ids[h.rowid - 1]!),
        q.paperId,
      ),
    );
    if ((i + 1) % 100 === 0) log(`[${label}]   ${i + 1}/${queries.length}`);
  });
  log(`[${label}] ask: ${asks.length} questions`);
  for (const q of asks) {
    const question = `what is ${q.text}?`;
    ours.ask.push(timed(() => answer(index, question)).ms);
    theirs.ask.push(timed(() => fts.ask(question)).ms);
  }
  log(`[${label}] similar: ${similarIds.length} papers`);
  for (const id of similarIds) {
    ours.similar.push(
      timed(() => {
        const paper = resolvePaper(index, id);
        return paper ? similarPapers(index, paper, { limit: 10 }) : undefined;
      }).ms,
    );
    theirs.similar.push(timed(() => fts.similar(rowidOf.get(id)!)).ms);
  }

  // 6. Daily selection for many channels, on the largest size only.
  let daily: SizeResult['daily'];
  if (isLargest) {
    const topics = dailyTopics(sample, DAILY_DISTINCT_TOPICS, SEED + 2);
    const random = mulberry32(SEED + 3);
    const channels = Array.from({ length: DAILY_CHANNELS }, () => {
      const chosen = new Set<string>();
      while (chosen.size < Math.min(DAILY_TOPICS_PER_CHANNEL, topics.length))
        chosen.add(topics[Math.floor(random() * topics.length)]!);
      return [...chosen];
    });
    log(`[${label}] daily selection: ${channels.length} channels, ${topics.length} distinct topics`);
    const outcome = { new_paper: 0, archive_paper: 0, nothing: 0 };
    const t = timed(() => {
      const choose = createChooser(index, DAILY_NOW);
      for (const channelTopics of channels) {
        const choice = choose(channelTopics, new Set(), []);
        if ('reason' in choice) outcome.nothing += 1;
        else if (choice.archive) outcome.archive_paper += 1;
        else outcome.new_paper += 1;
      }
    });
    daily = {
      channels: channels.length,
      topics_per_channel: DAILY_TOPICS_PER_CHANNEL,
      distinct_topics: topics.length,
      total_s: round(t.ms / 1000, 3),
      ...outcome,
    };
    log(`[${label}]   ${daily.total_s} s`);
  }
  fts.close();
  library.close();

  const engine = (s: Samples, build: Build, size: number, cold: ReturnType<typeof coldOf>): EngineResult => {
    const partial = {
      build: {
        seconds: round(build.seconds, 2),
        cpu_s: round(build.cpu_s, 2),
        peak_rss_mb: round(build.peak_rss_mb, 1),
        load_1m: round(build.load_1m, 2),
        size_mb: round(size, 1),
      },
      cold_start: cold,
      search: {
        all: latency([...s.search.values()].flat()),
        ...Object.fromEntries(KINDS.map((k) => [k, latency(s.search.get(k)!)])),
      } as EngineResult['search'],
      search_cpu: latency(s.searchCpu),
      queries_load_1m: round(queriesLoad, 2),
      ask: latency(s.ask),
      similar: latency(s.similar),
      known_item: Object.fromEntries(
        KNOWN_ITEM_KINDS.map((k) => [k, knownItem(s.ranks.get(k)!)]),
      ) as EngineResult['known_item'],
    };
    return { figures: figuresOf(partial), ...partial };
  };
  const paperbot = engine(ours, paperbotBuild, paperbotSize, coldOf(coldRuns.paperbot));
  const fts5 = engine(theirs, ftsBuild, ftsSize, coldOf(coldRuns.fts5));
  if (!keep) rmSync(dir, { recursive: true, force: true });
  return {
    size: label,
    papers,
    queries: {
      total: queries.length,
      per_kind: perKind,
      asks: asks.length,
      similar: similarIds.length,
      warm_up: warmUp.length,
      fragments_in_over_10_titles: inTitles.filter((n) => n > 10).length,
      fragments_in_over_1_title: inTitles.filter((n) => n > 1).length,
      examples: Object.fromEntries(
        KINDS.map((k) => [
          k,
          queries
            .filter((q) => q.kind === k)
            .slice(0, 3)
            .map((q) => q.text),
        ]),
      ),
    },
    paperbot,
    fts5,
    ratio: ratioOf(paperbot.figures, fts5.figures),
    ...(daily ? { daily } : {}),
  };
}

/** Which code was measured: the commit, and the files of src/ and adapters/ changed from it when the run started. */
function codeVersion(): Results['code'] {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout ?? '';
  // Porcelain lines are "XY path": two status letters (either may be a space), a space, the path.
  const changed = git('status', '--porcelain', '--', 'src', 'adapters')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3));
  return { commit: git('rev-parse', 'HEAD').trim() || 'unknown', uncommitted: changed };
}

/** The judged seed queries of the core issue (`npm run eval`) on both engines: the floor scale must not lower. */
async function seedQuality(): Promise<Results['seed_quality']> {
  const papers = await loadSeedPapers(fileURLToPath(new URL('../seeds/', import.meta.url)));
  const library = openLibrary(join(mkdtempSync(join(os.tmpdir(), 'paperbot-bench-seeds-')), 'papers.db'));
  library.ingest(
    papers.map((paper) => ({ paper, updateOnly: false })),
    0,
  );
  const judgements = loadJudgements();
  const of = (index: Parameters<typeof evaluate>[0]) => {
    const { overall } = evaluate(index, judgements);
    return { ndcg5: round(overall.ndcg5, 3), mrr: round(overall.mrr, 3) };
  };
  const result = {
    queries: judgements.queries.length,
    in_memory: of(buildIndex(papers)),
    on_disk: of(libraryIndex(library)),
  };
  library.close();
  rmSync(dirname(library.file), { recursive: true, force: true });
  return result;
}

// ---- main ---------------------------------------------------------------------------------------------------
if (!existsSync(CORPUS)) throw new Error(`the corpus is not at ${CORPUS}`);
log('building the CLI (tsc) that the build and cold-start figures run');
const tsc = spawnSync(
  process.execPath,
  [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
  {
    cwd: REPO,
    encoding: 'utf8',
  },
);
if (tsc.status !== 0) log(`tsc reported errors (the emitted code is measured anyway):\n${tsc.stdout.slice(0, 2000)}`);
if (!existsSync(CLI)) throw new Error(`no CLI at ${CLI}: run npm run build`);
const work = mkdtempSync(join(os.tmpdir(), 'paperbot-bench-'));
log(
  `sizes ${sizes.map((n) => (Number.isFinite(n) ? n : 'all')).join(', ')}; ${perKind * KINDS.length} queries; temp files in ${work}`,
);
const results: Results = {
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memory_gb: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    date: new Date().toISOString(),
    load_avg_start: os.loadavg().map((x) => round(x, 2)),
    load_avg_end: [],
  },
  code: codeVersion(),
  config: {
    corpus: '../shared/corpus/arxiv-cs-20200101.jsonl.gz',
    seed: SEED,
    queries: perKind * KINDS.length,
    warm_up: WARM_UP,
    similar_papers: SIMILAR_PAPERS,
    cold_runs: COLD_RUNS,
  },
  seed_quality: await seedQuality(),
  sizes: [],
  duration_s: 0,
};
/** The load section bench/load.ts keeps in the README (between its markers), kept as it is when rewriting. */
function loadSection(): string {
  const readme = join(BENCH_DIR, 'README.md');
  const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
  const start = text.indexOf('<!-- load: written by bench/load.ts -->');
  const end = text.indexOf('<!-- /load -->');
  return start >= 0 && end > start ? `\n\n${text.slice(start, end + '<!-- /load -->'.length)}\n` : '';
}
const save = () => {
  results.machine.load_avg_end = os.loadavg().map((x) => round(x, 2));
  results.duration_s = round((performance.now() - started) / 1000, 1);
  writeFileSync(join(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(BENCH_DIR, 'README.md'), `${renderReadme(results)}${loadSection()}`);
};
try {
  for (const [i, limit] of sizes.entries()) {
    results.sizes.push(await benchSize(limit, work, i === sizes.length - 1));
    save(); // after every size, so a late failure still leaves the figures measured so far
  }
  if (synthetic > 0) {
    results.synthetic = await benchSynthetic(REPO, CORPUS, join(work, 'synthetic'), synthetic, SEED + 10, log);
    save();
  }
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
log(`done in ${results.duration_s} s; wrote bench/results.json and bench/README.md`);
