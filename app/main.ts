#!/usr/bin/env node
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { consoleChannel, runChat } from '../adapters/console/chat.js';
import { inviteUrl, registerCommands } from '../adapters/discord/register.js';
import { startPlatforms, stopAll, useSendersOnly } from './start.js';
import { IngestUsageError, ingestCommand } from './ingest.js';
import { HttpError } from '../src/ingest/http.js';
import type { Library } from '../src/library/library.js';
import { refreshSources, scheduleRefresh, type SourceSpec, sourceClients } from '../src/ingest/refresh.js';
import { FeedError } from '../src/ingest/sources/read-result.js';
import { consoleSender } from '../adapters/console/sender.js';
import { ChannelKeySchema, type Platform } from '../src/core/channel.js';
import type { PostOutcome } from '../src/daily/service.js';
import { ansiStyle, plainStyle, renderHit, renderReply } from '../adapters/console/render.js';
import { citedPapers } from '../src/search/answer.js';
import { type Bot, startBot } from '../src/core/bot.js';
import { findCommand, runCommand, validateArgs } from '../src/commands/dispatch.js';
import { type Config, endpointsOf, loadConfig } from '../src/core/config.js';
import { StartupError } from '../src/core/errors.js';
import { configureLog, log } from '../src/core/log.js';
import type { Paper } from '../src/core/paper.js';
import { plain, type Reply } from '../src/core/reply.js';
import { resolvePaper, similarPapers } from '../src/search/similar.js';

const USAGE = `Usage: paperbot [command]

  start                         start the bot (the console chat when no platform is configured)
  chat                          chat with the bot in this terminal
  discord:register [--guild <id>]   register the slash commands (globally, or on one guild at once)
  daily now [--channel <platform:id>]   post today's paper now for due channels, or for one channel
  daily status                  list the channels with daily posts, their next post and last outcome
  ingest arxiv --query "cat:cs.CV" [--max N]   fetch papers from the arXiv API
  ingest rss cs.CV+cs.GR        fetch today's arXiv announcements
  ingest hf [--date YYYY-MM-DD] fetch Hugging Face Daily Papers
  ingest file <path>            read papers from a file (JSON Lines, gzipped or not, arXiv Atom/RSS, HF JSON, a seed page)
  search "<query>" [--limit N] [--json]
  ask "<question>" [--json]
  similar "<paper id or title>" [--limit N] [--json]

Settings come from the environment or .env (see .env.example).`;

/** Bad input at the command line: printed as one line, exit code 2. */
class UsageError extends Error {}

const paperJson = (paper: Paper) => ({ id: paper.id, title: paper.title, links: paper.links });

function replyText(reply: Reply): string {
  return reply.kind === 'error' ? plain(reply.text) : renderReply(reply, plainStyle);
}

/** Validates typed text the way the chat does, so the CLI and the chat refuse the same input. */
function checked(commandName: string, args: Record<string, unknown>): Record<string, unknown> {
  const result = validateArgs(findCommand(commandName)!, args);
  if (!result.ok) throw new UsageError(replyText(result.reply).replace(/\n/g, ' '));
  return result.data;
}

function limitOf(value: string | undefined): number {
  if (value === undefined) return 5;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new UsageError('--limit takes a whole number from 1 to 50');
  return limit;
}

const print = (text: string) => process.stdout.write(`${text}\n`);

async function oneShot(bot: Bot, command: string, positionals: string[], values: { json?: boolean; limit?: string }): Promise<void> {
  const text = positionals.join(' ');
  const style = process.stdout.isTTY ? ansiStyle : plainStyle;
  if (command === 'search' || command === 'similar') {
    const limit = limitOf(values.limit);
    let hits;
    if (command === 'search') {
      const { query } = checked('paper', { query: text }) as { query: string };
      hits = bot.index.search(query, { limit }).hits;
    } else {
      const { paper: wanted } = checked('similar', { paper: text }) as { paper: string };
      const paper = resolvePaper(bot.index, wanted);
      if (!paper) throw new UsageError(`no paper matches "${wanted}"`);
      hits = similarPapers(bot.index, paper, { limit }).hits;
    }
    if (values.json) {
      print(JSON.stringify(hits.map(({ paper, score, snippet }) => ({ id: paper.id, title: paper.title, score, snippet: snippet.text, links: paper.links })), null, 2));
    } else {
      print(hits.length ? hits.map((hit, i) => renderHit(hit, i + 1, style)).join('\n\n') : 'No papers match.');
    }
    return;
  }
  const reply = await runCommand('ask', { question: text }, { bot, channel: consoleChannel, canManageChannel: false });
  if (reply.kind === 'error') throw new UsageError(replyText(reply).replace(/\n/g, ' '));
  if (values.json) {
    const citations = reply.kind === 'answer' ? reply.citations : [];
    const papers = reply.kind === 'answer' ? citedPapers(reply.citations) : reply.kind === 'no-answer' ? reply.closest : [];
    print(JSON.stringify({ answer: citations.map((c) => ({ text: c.text, paper: paperJson(c.paper) })), papers: papers.map(paperJson) }, null, 2));
    return;
  }
  print(renderReply(reply, style));
}

/** Where logs go: a file while someone chats in the terminal (so they do not interleave), else stderr. */
function setUpLogging(config: Config, command: string, interactive: boolean): void {
  const level = config.LOG_LEVEL ?? (['search', 'ask', 'similar'].includes(command) ? 'warn' : 'info');
  const file = config.LOG_FILE ?? (interactive ? join(config.DATA_DIR, 'paperbot.log') : undefined);
  configureLog(level, file ? pino.destination({ dest: file, mkdir: true, sync: true }) : undefined);
}

/** Fetches the configured sources on INGEST_CRON while the bot runs. */
function startRefresh(bot: Bot & { library: Library }, config: Config, specs: readonly SourceSpec[]) {
  const endpoints = endpointsOf(config);
  const clients = sourceClients(endpoints);
  log.info({ sources: specs.length, cron: config.INGEST_CRON }, 'scheduled refresh on');
  return scheduleRefresh(config.INGEST_CRON, () => refreshSources(bot, bot.library, specs, endpoints, clients));
}

/** The options that were given, and only those (absent stays absent). */
const pick = <T extends Record<string, unknown>, K extends keyof T>(values: T, keys: readonly K[]) =>
  Object.fromEntries(keys.filter((key) => values[key] !== undefined).map((key) => [key, values[key]])) as { [P in K]?: Exclude<T[P], undefined> };

const signalled = () => new Promise<string>((resolve) => {
  process.once('SIGINT', () => resolve('SIGINT'));
  process.once('SIGTERM', () => resolve('SIGTERM'));
});

async function registerDiscord(config: Config, guildId: string | undefined): Promise<number> {
  if (!config.DISCORD_TOKEN) throw new UsageError('set DISCORD_TOKEN (and DISCORD_APPLICATION_ID) first; see README "Discord"');
  configureLog(config.LOG_LEVEL ?? 'warn');
  const { count, scope, applicationId } = await registerCommands({
    token: config.DISCORD_TOKEN,
    ...(config.DISCORD_APPLICATION_ID ? { applicationId: config.DISCORD_APPLICATION_ID } : {}),
    ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    ...(guildId ? { guildId } : {}),
  });
  print(`registered ${count} slash commands (${scope})`);
  print(`invite the bot: ${inviteUrl(applicationId)}`);
  return 0;
}

function describeOutcome(outcome: PostOutcome): string {
  switch (outcome.status) {
    case 'sent': return `posted "${outcome.paper.title}"`;
    case 'already': return `already ${outcome.record.status} today (${outcome.record.localDate})`;
    case 'nothing': return `nothing to post: ${outcome.reason}`;
    case 'paused': return `paused: ${outcome.reason}`;
    case 'failed': return `failed: ${outcome.error}`;
    case 'no-sender': return 'no way to post there: configure its platform token';
  }
}

/** `paperbot daily now [--channel k]` and `paperbot daily status`: the operator's view of the daily posts. */
async function dailyCommand(bot: Bot, config: Config, args: string[], channel: string | undefined): Promise<number> {
  const [action] = args;
  useSendersOnly(bot, config);
  if (action === 'status') {
    const rows = bot.daily.status();
    if (rows.length === 0) print('No channel gets a daily paper yet: subscribe one to a topic, or /paper daily on.');
    for (const row of rows) {
      const last = row.last ? `last ${row.last.localDate} ${row.last.status}${row.last.error ? ` (${row.last.error})` : ''}` : 'never posted';
      const next = row.paused ? `paused: ${row.paused}` : `next ${row.nextPost?.toISOString() ?? '-'}`;
      print(`${row.channel}  ${row.time} ${row.timezone}  ${next}  ${last}  topics: ${row.topics.join(', ') || '(none)'}`);
    }
    return 0;
  }
  if (action !== 'now') throw new UsageError('use "paperbot daily now [--channel <platform:id>]" or "paperbot daily status"');
  if (channel) {
    const parsed = ChannelKeySchema.safeParse(channel);
    if (!parsed.success) throw new UsageError(`--channel takes platform:id, e.g. console:local or slack:C0123 (got "${channel}")`);
    const at = channel.indexOf(':');
    const outcome = await bot.daily.postNow({ platform: channel.slice(0, at) as Platform, id: channel.slice(at + 1) });
    print(`${channel}: ${describeOutcome(outcome)}`);
  } else {
    const results = await bot.daily.runDue();
    if (results.size === 0) print('No channel is due now. See "paperbot daily status", or post for one channel with --channel.');
    for (const [key, outcome] of results) print(`${key}: ${describeOutcome(outcome)}`);
  }
  bot.ledger.close();
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' }, limit: { type: 'string' }, guild: { type: 'string' }, channel: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      query: { type: 'string' }, max: { type: 'string' }, date: { type: 'string' },
    },
  });
  const [command = 'start', ...rest] = positionals;
  if (values.help || command === 'help') {
    print(USAGE);
    return 0;
  }
  if (!['start', 'chat', 'search', 'ask', 'similar', 'discord:register', 'daily', 'ingest'].includes(command)) throw new UsageError(`unknown command "${command}"; see paperbot --help`);
  const config = loadConfig();
  if (command === 'ingest') {
    configureLog(config.LOG_LEVEL ?? 'warn');
    const [what, ...more] = rest;
    return ingestCommand(config, { what, rest: more, ...pick(values, ['query', 'max', 'date']) }, print).catch((error: unknown) => {
      throw error instanceof IngestUsageError || error instanceof HttpError || error instanceof FeedError ? new UsageError(error.message) : error;
    });
  }
  if (command === 'discord:register') return registerDiscord(config, values.guild);
  const interactive = (command === 'start' || command === 'chat') && Boolean(process.stdin.isTTY && process.stdout.isTTY);
  setUpLogging(config, command, interactive);
  const bot = await startBot(config);
  if (command === 'daily') return dailyCommand(bot, config, rest, values.channel);
  const platforms = command === 'start' ? await startPlatforms(bot, config) : [];
  const refresh = config.INGEST_SOURCES?.length && command === 'start' ? startRefresh(bot, config, config.INGEST_SOURCES) : undefined;
  if (platforms.length > 0) {
    bot.daily.start();
    await signalled();
    log.info('shutting down');
    await refresh?.stop();
    await bot.daily.stop();
    await stopAll(platforms);
    await bot.store.flush();
    bot.ledger.close();
    return 0;
  }
  if (command === 'start' || command === 'chat') {
    process.once('SIGTERM', () => process.stdin.destroy());
    bot.daily.useSender('console', consoleSender(process.stdout, interactive ? ansiStyle : plainStyle));
    // A person at the terminal gets the console channel's daily paper here; a script piping commands does not.
    if (interactive) bot.daily.start();
    await runChat(bot, { input: process.stdin, output: process.stdout, interactive });
    await refresh?.stop();
    await bot.daily.stop();
    await bot.store.flush();
    bot.ledger.close();
    log.info('console chat closed');
    return 0;
  }
  await oneShot(bot, command, rest, values);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof StartupError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`paperbot: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    log.fatal({ err: error }, 'paperbot crashed');
    process.stderr.write(`paperbot: unexpected error: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
