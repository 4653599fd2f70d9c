import { InvalidArgumentError, Option, Command as Program } from 'commander';
import type { z } from 'zod';
import type { Command } from '../src/commands/command.js';
import { PAGE_SIZE } from '../src/commands/pages.js';
import { commandsOn } from '../src/commands/table.js';
import { argumentInput, namedArguments, textArgument } from '../src/commands/usage.js';
import type { IngestArgs } from './ingest.js';
import { packageInfo } from './package-info.js';
import type { ShellOptions } from './shell.js';
import { UsageError } from './usage-error.js';

// Each command's code is loaded when it runs: a search from the shell never loads discord.js and Slack's Bolt
// (a second and a half of a cold start).
const serve = async (mode: 'start' | 'chat') => (await import('./serve.js')).serve(mode);
const dailyStatus = async () => (await import('./daily.js')).dailyStatus();
const dailyNow = async (channel: string | undefined) => (await import('./daily.js')).dailyNow(channel);
const registerDiscord = async (guild: string | undefined) =>
  (await import('./discord-register.js')).registerDiscord(guild);
const ingest = async (args: IngestArgs) => (await import('./ingest-command.js')).ingest(args);
const runFromShell = async (command: Command, text: string, options: ShellOptions, named: Record<string, string>) =>
  (await import('./shell.js')).runFromShell(command, text, options, named);

const MAX_LIMIT = 50;

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidArgumentError(`--limit takes a whole number from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

/** `paperbot <name> [words...]` for a command of the table reached from the shell. */
function addTableCommand(program: Program, command: Command): void {
  const sub = program.command(command.shellName ?? command.name).description(command.description);
  const argument = textArgument(command);
  if (argument) {
    const schema = command.args.shape[argument] as z.ZodType;
    sub.argument(`[${argument}...]`, schema.description ?? argument);
  }
  // The arguments given by name only are flags: `paperbot search graph --since 2019`.
  for (const name of namedArguments(command)) {
    const schema = command.args.shape[name] as z.ZodType;
    const flag = new Option(`--${name} <value>`, schema.description ?? name);
    const input = argumentInput(command, name);
    sub.addOption(input.kind === 'choice' ? flag.choices(input.choices) : flag);
  }
  // A command that pages in the chat lists papers: the shell shows them at once, as many as asked.
  if ('page' in command.args.shape) {
    sub.option('--limit <n>', `how many papers to list, 1 to ${MAX_LIMIT} (default ${PAGE_SIZE})`, parseLimit);
  }
  sub.option('--json', 'print JSON instead of text');
  sub.action(() => {
    const options = sub.opts<ShellOptions & Record<string, unknown>>();
    const named = Object.fromEntries(
      namedArguments(command).flatMap((name) => (typeof options[name] === 'string' ? [[name, options[name]]] : [])),
    );
    return runFromShell(command, sub.args.join(' '), options, named);
  });
}

/** How a subcommand is typed, e.g. `now [--channel <platform:id>]`. */
const usageOf = (sub: Program) =>
  [
    sub.name(),
    ...sub.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)),
    ...sub.options.map((o) => `[${o.flags}]`),
  ].join(' ');

/** A command whose work is in its subcommands: without one, it names them in one line. */
function needsSubcommand(parent: Program): void {
  parent.allowExcessArguments().action(() => {
    const [name] = parent.args;
    const problem = name ? `unknown command "${parent.name()} ${name}"` : `"${parent.name()}" needs a command`;
    throw new UsageError(`${problem}: paperbot ${parent.name()} ${parent.commands.map(usageOf).join(' | ')}`);
  });
}

function addDaily(program: Program): void {
  const daily = program.command('daily').description('The daily posts, for the operator.');
  daily
    .command('status')
    .description('List the channels with daily posts, their next post and last outcome.')
    .action(() => dailyStatus());
  daily
    .command('now')
    .description("Post today's paper now for the due channels, or for one channel.")
    .option('--channel <platform:id>', 'the one channel, e.g. slack:C0123')
    .action((options: { channel?: string }) => dailyNow(options.channel));
  needsSubcommand(daily);
}

function addIngest(program: Program): void {
  const sources = program.command('ingest').description('Fetch or read papers into the library.');
  sources
    .command('arxiv')
    .description('Fetch papers from the arXiv API.')
    .option('--query <query>', 'an arXiv API query, e.g. "cat:cs.CV"')
    .option('--max <n>', 'how many papers at most (default 100)')
    .action((options: { query?: string; max?: string }) => ingest({ what: 'arxiv', rest: [], ...options }));
  sources
    .command('rss')
    .description("Fetch today's arXiv announcements.")
    .argument('[categories]', 'e.g. cs.CV+cs.GR')
    .action((categories?: string) => ingest({ what: 'rss', rest: categories ? [categories] : [] }));
  sources
    .command('hf')
    .description('Fetch Hugging Face Daily Papers.')
    .option('--date <YYYY-MM-DD>', 'the day (default today)')
    .action((options: { date?: string }) => ingest({ what: 'hf', rest: [], ...options }));
  sources
    .command('file')
    .description('Read papers from a file: JSON Lines (gzipped or not), arXiv Atom/RSS, HF JSON, a seed page.')
    .argument('[path]')
    .action((path?: string) => ingest({ what: 'file', rest: path ? [path] : [] }));
  needsSubcommand(sources);
}

/**
 * The `paperbot` program: operator commands, and the table's commands that make sense from a shell. Commander
 * reports its errors by throwing (exitOverride), never by writing, so main can print each as one line.
 */
export function cliProgram(): Program {
  const { version, description } = packageInfo();
  const program = new Program('paperbot')
    .description(description)
    .version(version, '-v, --version', 'Print the version.')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined })
    .addHelpText(
      'after',
      '\nWith no command, paperbot starts. Settings come from the environment or .env (see .env.example).',
    );
  program
    .command('start')
    .description('Start the bot (the console chat when no platform is configured).')
    .action(() => serve('start'));
  program
    .command('chat')
    .description('Chat with the bot in this terminal.')
    .action(() => serve('chat'));
  for (const command of commandsOn('shell')) addTableCommand(program, command);
  addIngest(program);
  addDaily(program);
  program
    .command('discord:register')
    .description('Register the slash commands (globally, or on one guild at once).')
    .option('--guild <id>', 'the guild to register on')
    .action((options: { guild?: string }) => registerDiscord(options.guild));
  return program;
}
