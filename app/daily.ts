import { type Bot, startBot } from '../src/core/bot.js';
import { ChannelKeySchema, type Platform } from '../src/core/channel.js';
import { type Config, loadConfig } from '../src/core/config.js';
import type { PostOutcome } from '../src/daily/service.js';
import { setUpLogging } from './logging.js';
import { useSendersOnly } from './start.js';
import { UsageError } from './usage-error.js';

const print = (text: string) => process.stdout.write(`${text}\n`);

function describeOutcome(outcome: PostOutcome): string {
  switch (outcome.status) {
    case 'sent':
      return `posted "${outcome.paper.title}"`;
    case 'already':
      return `already ${outcome.record.status} today (${outcome.record.localDate})`;
    case 'nothing':
      return `nothing to post: ${outcome.reason}`;
    case 'paused':
      return `paused: ${outcome.reason}`;
    case 'failed':
      return `failed: ${outcome.error}`;
    case 'no-sender':
      return 'no way to post there: configure its platform token';
  }
}

/** The bot for an operator's one-shot daily command: it posts through the platforms' APIs, no gateway. */
async function operatorBot(readOnly = false): Promise<{ bot: Bot; config: Config }> {
  const config = loadConfig();
  setUpLogging(config, 'info');
  const bot = await startBot(config, undefined, { readOnly });
  await useSendersOnly(bot, config);
  return { bot, config };
}

/** `paperbot daily status`: the channels with daily posts, their next post and last outcome. */
export async function dailyStatus(): Promise<void> {
  const { bot } = await operatorBot(true);
  const rows = bot.daily.status();
  if (rows.length === 0) print('No channel gets a daily paper yet: subscribe one to a topic, or /paper daily on.');
  for (const row of rows) {
    const error = row.last?.error ? ` (${row.last.error})` : '';
    const last = row.last ? `last ${row.last.localDate} ${row.last.status}${error}` : 'never posted';
    const next = row.paused ? `paused: ${row.paused}` : `next ${row.nextPost?.toISOString() ?? '-'}`;
    const dry = row.dry ? `  ran dry: told the channel ${row.dry.localDate}` : '';
    const topics = row.topics.join(', ') || '(none)';
    print(`${row.channel}  ${row.time} ${row.timezone}  ${next}  ${last}${dry}  topics: ${topics}`);
  }
}

/** `paperbot daily now [--channel k]`: posts today's paper now for the due channels, or for one channel. */
export async function dailyNow(channel: string | undefined): Promise<void> {
  if (channel && !ChannelKeySchema.safeParse(channel).success) {
    throw new UsageError(`--channel takes platform:id, e.g. console:local or slack:C0123 (got "${channel}")`);
  }
  const { bot } = await operatorBot();
  if (channel) {
    const at = channel.indexOf(':');
    const outcome = await bot.daily.postNow({ platform: channel.slice(0, at) as Platform, id: channel.slice(at + 1) });
    print(`${channel}: ${describeOutcome(outcome)}`);
  } else {
    const results = await bot.daily.runDue();
    if (results.size === 0)
      print('No channel is due now. See "paperbot daily status", or post for one channel with --channel.');
    for (const [key, outcome] of results) print(`${key}: ${describeOutcome(outcome)}`);
  }
  bot.ledger.close();
}
