import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cliProgram } from '../app/cli.js';
import { endingOf } from '../app/exit.js';
import { commandsOn } from '../src/commands/table.js';
import { tempDir } from './support/bot.js';
import { builtProgram } from './support/built-program.js';
import { paperbot } from './support/cli.js';

// 1,000 real arXiv CS papers from 1989 to 2001, with their categories (see fixtures/captured/README.md).
const CORPUS = fileURLToPath(new URL('./fixtures/captured/arxiv-cs-20200101.first-1000.jsonl.gz', import.meta.url));

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** Parses a command line with the real program, in this process: what it printed, and how it ended. */
async function parse(args: string[]): Promise<{ stdout: string; status: number; line?: string }> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await cliProgram().parseAsync(args, { from: 'user' });
    return { stdout, status: 0 };
  } catch (error) {
    return { stdout, ...endingOf(error) };
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the paperbot program, from the command table', () => {
  it('--help lists the operator commands and the table commands a shell reaches, with their descriptions', async () => {
    const { stdout, status } = await parse(['--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: paperbot/);
    for (const name of ['start', 'chat', 'ingest', 'daily', 'discord:register'])
      expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    const shell = commandsOn('shell');
    expect(shell.map((c) => c.shellName ?? c.name)).toEqual([
      'search',
      'ask',
      'similar',
      'summarize',
      'new',
      'trending',
      'top',
      'history',
      'save',
      'list',
      'read',
      'unsave',
      'cite',
    ]);
    for (const command of shell) {
      expect(stdout).toMatch(new RegExp(`^  ${command.shellName ?? command.name} \\[options\\]`, 'm'));
      expect(stdout.replace(/\s+/g, ' ')).toContain(command.description);
    }
  });

  it('gives each table command --json, and --limit to those that list papers', async () => {
    const search = (await parse(['search', '--help'])).stdout;
    expect(search).toMatch(/Usage: paperbot search \[options\] \[query\.\.\.\]/);
    expect(search).toMatch(/--limit <n>/);
    expect(search).toMatch(/--json/);
    const ask = (await parse(['ask', '--help'])).stdout;
    expect(ask).toMatch(/--json/);
    expect(ask).not.toMatch(/--limit/);
  });

  it('gives search a flag for each filter, sort with its two choices', async () => {
    const search = (await parse(['search', '--help'])).stdout.replace(/\s+/g, ' ');
    for (const flag of ['--since <value>', '--year <value>', '--category <value>', '--author <value>'])
      expect(search).toContain(flag);
    expect(search).toMatch(/--sort <value> .* \(choices: "relevance", "newest"\)/);
    expect((await parse(['ask', '--help'])).stdout).not.toMatch(/--since/);
  });

  it('filters with --since and --category as with since: and cat: typed in the words, on the real program', async () => {
    const dir = tempDir();
    const env = { DATA_DIR: dir };
    expect((await paperbot(['ingest', 'file', CORPUS], { env })).code).toBe(0);
    // The bundled seeds went in before the file: its end wrote the snapshots with them, so a start applies nothing.
    const db = new Database(join(dir, 'papers.db'), { readonly: true });
    const pending = 'SELECT (SELECT count(*) FROM word_changes) + (SELECT count(*) FROM paper_changes)';
    expect([db.prepare(pending).pluck().get(), db.prepare('SELECT count(*) FROM papers').pluck().get()]).toEqual([
      0, 1041,
    ]);
    db.close();
    const search = async (args: string[]) => {
      const run = await paperbot(['search', ...args, '--json', '--limit', '50'], { env });
      expect(run).toMatchObject({ code: 0, stderr: '' });
      return (JSON.parse(run.stdout) as { id: string }[]).map((hit) => hit.id);
    };
    const [flagged, typed] = await Promise.all([
      search(['graph', '--since', '2000', '--category', 'cs.DM']),
      search(['graph since:2000 cat:cs.DM']),
    ]);
    expect(flagged.length).toBeGreaterThan(5);
    expect(flagged).toEqual(typed);
    // Every paper listed is from 2000 on (the words alone find 1990s papers too): an old-style arXiv id says its
    // year and month, e.g. cs/0012…, math/9910….
    for (const id of flagged) expect(id).toMatch(/\/0\d{3}/);
    const bad = await paperbot(['search', 'graph', '--since', 'soon'], { env });
    expect(bad).toMatchObject({ code: 2, stderr: 'paperbot: The since year must be from 1900 to 2100.\n', stdout: '' });
  });

  it('--version prints the version in package.json', async () => {
    expect(await parse(['--version'])).toEqual({ stdout: `${version}\n`, status: 0 });
  });

  it.each([
    [['frobnicate'], /^paperbot: unknown command 'frobnicate'$/],
    [['serch', 'gans'], /^paperbot: unknown command 'serch' \(Did you mean search\?\)$/],
    [['search', 'gans', '--nope'], /^paperbot: unknown option '--nope'$/],
    [['ask', 'why', '--limit', '3'], /^paperbot: unknown option '--limit'$/],
    [['similar', 'x', '--limit', '0'], /--limit takes a whole number from 1 to 50$/],
    [['daily'], /^paperbot: "daily" needs a command: paperbot daily status \| now \[--channel <platform:id>\]$/],
    [['daily', 'later'], /^paperbot: unknown command "daily later"/],
    [['ingest'], /^paperbot: "ingest" needs a command: paperbot ingest arxiv .* \| file \[path\]$/],
    [['discord:register', '--guild'], /^paperbot: option '--guild <id>' argument missing$/],
  ])('answers bad input %j with one line and status 2, printing nothing else', async (args, line) => {
    const ending = await parse(args);
    expect(ending.status).toBe(2);
    expect(ending.line).toMatch(line);
    expect(ending.line?.split('\n')).toHaveLength(1);
    expect(ending.stdout).toBe('');
  });

  it('is the built program too: --version from package.json, a bad command in one line with status 2', async () => {
    const { stdout } = await promisify(execFile)(builtProgram, ['--version']);
    expect(stdout).toBe(`${version}\n`);
    const failed = await promisify(execFile)(builtProgram, ['frobnicate']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 2, stderr: "paperbot: unknown command 'frobnicate'\n" });
  });

  it('ingests a file when node is started with its own flags, which its threads inherit', async () => {
    const dataDir = tempDir();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--stack-size=900', '--max-semi-space-size=8', builtProgram, 'ingest', 'file', CORPUS],
      { env: { ...process.env, DATA_DIR: dataDir, INGEST_SOURCES: 'none' } },
    );
    expect(stdout).toMatch(/added 1000\b/);
  });
});
