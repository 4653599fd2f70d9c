// `npm run bench:load` (and the end of `npm run bench`): the real bot (`paperbot start`, its own process) on the
// full corpus, under 200 and 1,000 slash commands sent at once through the local fake Discord (real discord.js)
// and the local fake Slack over HTTP (real Bolt, signed requests). Issue 13: every command acknowledged within
// 3 s. Writes the load section of bench/README.md.
// Flags: --counts 200,1000   --timeout 120 (seconds, per round)   --data-dir DIR (a DATA_DIR already holding the
// ingested corpus; else it is ingested into a temporary one, a few minutes)   --papers N (only the first N)
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ingestFile } from '../src/ingest/ingest.js';
import { openLibrary } from '../src/library/library.js';
import { indexLibrary } from '../src/search/paper-index.js';
import { startFakeDiscord } from '../test/support/fake-discord.js';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { writeSubset } from './corpus.js';
import { type RoundReport, renderLoadSection, writeLoadSection } from './load-report.js';
import { discordRound, type RoundResult, slackRound } from './load-rounds.js';
import { loadAverage, processStats } from './process-stats.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(BENCH_DIR, '..');
const CORPUS = resolve(REPO, '../shared/corpus/arxiv-cs-20200101.jsonl.gz');
const SECRET = 'load-bench-signing-secret';
const READY_TIMEOUT_MS = 10 * 60_000;
const QUERIES = [
  'graph neural networks',
  'style transfer',
  'reinforcement learning robot',
  'adversarial examples',
  'semantic segmentation',
  'machine translation',
  'federated learning privacy',
  'knowledge graph embedding',
  'object detection',
  'speech recognition',
  'generative adversarial networks',
  'question answering',
  'image captioning',
  'recommender systems',
  'differential privacy',
  'neural architecture search',
  'meta learning few shot',
  'point cloud',
  'sentiment analysis',
  'anomaly detection',
  'graph convolution',
  'pose estimation',
  'transfer learning',
  'blockchain consensus',
  'autonomous driving',
  'text classification',
  'variational autoencoder',
  'attention mechanism',
  'optical flow',
  'stochastic gradient descent convergence',
  'quantum computing',
  'software testing',
  'network intrusion detection',
  'named entity recognition',
  'super resolution',
  'visual question answering',
  'multi agent reinforcement',
  'contrastive learning',
  'explainable ai',
  'time series forecasting',
];

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}
const counts = (flag('counts') ?? '200,1000').split(',').map(Number);
const timeoutMs = Number(flag('timeout') ?? 120) * 1000;
const papersFlag = flag('papers');
if (counts.some((n) => !(n > 0)) || !(timeoutMs > 0) || (papersFlag && !(Number(papersFlag) > 0)))
  throw new Error('--counts takes numbers (200,1000), --timeout seconds, --papers a number');

const started = performance.now();
const say = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${message}\n`);

/** A DATA_DIR holding the corpus: the one given, or a temporary one ingested now (removed at the end). */
async function dataDir(): Promise<{ dir: string; temporary: boolean }> {
  const given = flag('data-dir');
  if (given && existsSync(join(given, 'papers.db'))) return { dir: given, temporary: false };
  const dir = mkdtempSync(join(os.tmpdir(), 'paperbot-load-'));
  let file = CORPUS;
  if (papersFlag) {
    file = join(dir, 'subset.jsonl');
    await writeSubset(CORPUS, file, Number(papersFlag));
  }
  say(`ingesting ${file} into ${dir} (a few minutes for the full corpus)`);
  const library = openLibrary(join(dir, 'papers.db'));
  await ingestFile(library, file, Date.now());
  library.close();
  return { dir, temporary: true };
}

/** Starts `paperbot start` and resolves once both platforms are connected, with what its log told. */
async function startBotProcess(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'app/main.ts'), 'start'], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const told = { threads: '?', slackPort: 0, errors: 0 };
  const connected = new Set<string>();
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bot did not connect in time')), READY_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`the bot exited with code ${code} while starting`)));
    // Read to the end, or a full pipe would stall the bot's logging.
    createInterface({ input: child.stderr! }).on('line', (line) => {
      let entry: { msg?: string; level?: number; port?: number; threads?: number };
      try {
        entry = JSON.parse(line);
      } catch {
        return void process.stderr.write(`bot: ${line}\n`);
      }
      if ((entry.level ?? 0) >= 50) told.errors += 1;
      if (entry.msg === 'search workers started') told.threads = String(entry.threads);
      if (entry.msg === 'slack connected') told.slackPort = entry.port ?? 0;
      if (entry.msg === 'discord connected' || entry.msg === 'slack connected') connected.add(entry.msg);
      if (connected.size === 2) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await ready;
  return { child, told };
}

async function stopBotProcess(child: ChildProcess) {
  const at = performance.now();
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await Promise.race([
    exited,
    new Promise((resolve) => setTimeout(() => resolve([null]), 30_000)),
  ])) as [number | null];
  if (code === null && child.exitCode === null) child.kill('SIGKILL');
  return { ms: Math.round(performance.now() - at), code };
}

/** The commit measured, and whether the program's sources differ from it (the report says so). */
function codeOf(): { commit: string; uncommitted: boolean } {
  const git = (args: string) =>
    execSync(`git ${args}`, { cwd: REPO, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  try {
    return {
      commit: git('rev-parse --short=12 HEAD'),
      uncommitted: git('status --porcelain -- src adapters app') !== '',
    };
  } catch {
    return { commit: 'unknown', uncommitted: false };
  }
}

const { dir, temporary } = await dataDir();
const discord = await startFakeDiscord();
const slack = await startFakeSlack();
say(`starting the bot on ${dir}`);
const launched = performance.now();
const { child, told } = await startBotProcess({
  ...process.env,
  DATA_DIR: dir,
  DISCORD_TOKEN: discord.token,
  DISCORD_API_URL: discord.apiUrl,
  SLACK_BOT_TOKEN: slack.botToken,
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slack.apiUrl,
  SLACK_APP_TOKEN: '',
  PORT: '0',
  INGEST_SOURCES: 'none',
  LOG_LEVEL: 'info',
  LOG_FILE: '',
});
const startupSeconds = (performance.now() - launched) / 1000;
const slackUrl = `http://127.0.0.1:${told.slackPort}/slack/events`;
const pid = child.pid!;
// Opened once the bot has upgraded the library's schema, if it was written by an older paperbot.
const library = openLibrary(join(dir, 'papers.db'), { readonly: true });
const papers = library.count();

try {
  say('first query after start');
  const firstRound = await discordRound(discord, ['graph neural networks'], 1, timeoutMs);
  const first =
    firstRound.finals.length > 0
      ? {
          ack_ms: Math.round(firstRound.acks[0]!),
          final_ms: Math.round(firstRound.finals[0]!),
          deferred: firstRound.deferred > 0,
        }
      : undefined;

  const rounds: RoundReport[] = [];
  const measured = async (platform: RoundReport['platform'], round: () => Promise<RoundResult>) => {
    const before = { stats: processStats(pid), load: loadAverage() };
    const result = await round();
    const bot = processStats(pid);
    const report = {
      platform,
      result,
      cpu_s: bot.cpu_s - before.stats.cpu_s,
      bot,
      load: { before: before.load, after: loadAverage() },
    };
    rounds.push(report);
    say(
      `${platform} ${result.count}: ${result.acks.length} acked, ${result.deferred} deferred, ${result.finals.length} answered, ${result.errors} errors`,
    );
  };
  for (const count of counts) {
    say(`${count} at once on Discord`);
    await measured('Discord', () => discordRound(discord, QUERIES, count, timeoutMs));
    say(`${count} at once on Slack`);
    await measured('Slack', () => slackRound(slack, slackUrl, SECRET, QUERIES, count, timeoutMs));
  }

  say('same results through the workers as in this process');
  const index = indexLibrary(library);
  let same = 0;
  for (const query of QUERIES) {
    const payload = discord.command('paper', [{ name: 'query', value: query }]);
    const answer = await discord.send(payload);
    const shown = (answer.body.data?.embeds ?? []).map(
      (e: { footer?: { text: string } }) => /^id: (\S+)/.exec(e.footer?.text ?? '')?.[1],
    );
    const expected = index.search(query, { limit: 5 }).hits.map((hit) => hit.paper.id);
    if (JSON.stringify(shown) === JSON.stringify(expected)) same += 1;
    else say(`differs for "${query}": ${shown.join(',')} vs ${expected.join(',')}`);
  }

  const shutdown = await stopBotProcess(child);
  const section = renderLoadSection({
    date: new Date().toISOString().slice(0, 10),
    ...codeOf(),
    papers,
    threads: told.threads,
    machine: `${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${os.availableParallelism()} CPUs, Node ${process.version}`,
    first,
    rounds,
    identical: { queries: QUERIES.length, same },
    shutdown,
    startup_s: startupSeconds,
  });
  writeLoadSection(join(BENCH_DIR, 'README.md'), section);
  console.log(section);
  const late = rounds.some((r) => r.result.acks.filter((ms) => ms <= 3000).length < r.result.count);
  if (late || same < QUERIES.length || shutdown.code !== 0 || told.errors > 0) process.exitCode = 1;
} finally {
  if (child.exitCode === null) child.kill('SIGKILL');
  library.close();
  await discord.close();
  await slack.close();
  if (temporary) rmSync(dir, { recursive: true, force: true });
}
