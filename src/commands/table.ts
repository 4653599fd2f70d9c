import { z } from 'zod';
import { answer } from '../search/answer.js';
import type { Bot } from '../core/bot.js';
import type { Channel } from '../core/channel.js';
import type { Action, CommandHelp, CommandUsage, Reply, RichText } from '../core/reply.js';
import type { SearchHit } from '../search/paper-index.js';
import { resolvePaper, similarPapers } from '../search/similar.js';
import { subscribe, subscriptionsOf, unsubscribe } from '../state/subscriptions.js';
import { type Suggestion, suggestOwnTopics, suggestPapers, suggestTimeZones, suggestTopics } from './suggest.js';
import { cleanInput, words } from '../core/text.js';
import { channelKey } from '../core/channel.js';
import { dailySettingOf, scheduledChannels, updateDaily } from '../daily/settings.js';
import { canonicalZone, PostTimeSchema } from '../daily/clock.js';
import { MAX_TOPIC_LENGTH } from '../state/store.js';

export const PAGE_SIZE = 5;
export const MAX_QUERY_LENGTH = 300;

/** Who may run a command: anyone, or only people who can manage the channel (its settings change). */
export type Access = 'anyone' | 'channel-managers';

export interface CommandContext {
  readonly bot: Bot;
  readonly channel: Channel;
  /** Whether the person may manage this channel (Discord: Manage Channels; Slack: per config; console: yes). */
  readonly canManageChannel: boolean;
  /** The platform's id of the person, where the platform gives one (feedback is stored per person). */
  readonly user?: string;
}

export interface Command<Args extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  /**
   * Whether help shows it as `/paper <name>` (a kind of paper lookup) rather than `/<name>`. Typed text
   * reaches every command both ways, since Slack has the one `/paper` command.
   */
  readonly underPaper: boolean;
  readonly description: string;
  /** Arguments in order; the first one takes the typed text after the command's name. */
  readonly args: Args;
  readonly access: Access;
  /** Choices to offer while an argument is typed (Discord autocomplete), by argument. */
  readonly suggest?: Readonly<Record<string, (typed: string, context: CommandContext) => Suggestion[]>>;
  /** Splits a typed line into arguments, for a command with more than one; by default the first takes it all. */
  readonly parseText?: (text: string) => Record<string, string>;
  /** How the arguments are typed, where `<argument>` would not say it, e.g. `[HH:MM [time zone] | on | off | now]`. */
  readonly hint?: string;
  /** Reached only through buttons (feedback): not in help, not a slash command. */
  readonly hidden?: boolean;
  run(args: z.output<Args>, context: CommandContext): Promise<Reply>;
}

/** Typed text: cleaned of invisible characters and extra spaces, then required and limited. */
const text = (max: number, description: string) =>
  z
    .string()
    .transform(cleanInput)
    .pipe(z.string().min(1, 'is empty').max(max, `is longer than ${max} characters`))
    .describe(description);

const page = z.coerce.number().int().min(1).max(1000).default(1).describe('page of results');

function define<Args extends z.ZodObject>(command: Command<Args>): Command {
  return command as unknown as Command;
}

const quote = (untrusted: string) => ({ untrusted });

function pageOf(
  result: { total: number; hits: readonly SearchHit[] },
  heading: RichText,
  pageNumber: number,
  actionFor: (page: number) => Action,
  correctedQuery?: string,
): Reply {
  const pageCount = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  if (pageNumber > pageCount) return { kind: 'error', text: [`There is no page ${pageNumber}; the last is ${pageCount}.`] };
  return {
    kind: 'papers',
    heading,
    ...(correctedQuery ? { correctedQuery } : {}),
    hits: result.hits,
    page: pageNumber,
    pageCount,
    total: result.total,
    ...(pageNumber > 1 ? { prev: actionFor(pageNumber - 1) } : {}),
    ...(pageNumber < pageCount ? { next: actionFor(pageNumber + 1) } : {}),
  };
}

/** The query as it was read, when spelling was corrected: "stylgan inversoin" → "stylegan inversion". */
function correctedText(query: string, corrections: ReadonlyMap<string, string>): string | undefined {
  if (corrections.size === 0) return undefined;
  let text = query;
  for (const word of words(query).reverse()) {
    const fixed = corrections.get(word.text);
    if (fixed) text = text.slice(0, word.start) + fixed + text.slice(word.end);
  }
  return text;
}

/** The channel's daily-post setting in a sentence. */
function dailyDescription(bot: Bot, channel: Channel): string {
  const key = channelKey(channel);
  const state = bot.store.read();
  const setting = dailySettingOf(state, key, bot.dailyDefaults);
  const scheduled = scheduledChannels(state, bot.dailyDefaults).some((c) => c.key === key);
  const pause = bot.ledger.pauses().get(key);
  if (pause) return `Daily paper paused: I could not post here (${pause.reason}). Fix it, then /paper daily on.`;
  if (!setting.enabled) return 'Daily paper: off.';
  if (!scheduled) return `Daily paper: starts when the channel follows a topic (${setting.time}, ${setting.timezone}).`;
  return `Daily paper: every day at ${setting.time} (${setting.timezone}).`;
}

async function postNowReply(bot: Bot, channel: Channel): Promise<Reply> {
  const outcome = await bot.daily.postNow(channel);
  switch (outcome.status) {
    case 'sent':
      return { kind: 'notice', private: true, text: ["Posted today's paper: ", quote(outcome.paper.title), '.'] };
    case 'already': {
      const paper = outcome.record.paperId ? bot.index.get(outcome.record.paperId) : undefined;
      return { kind: 'notice', private: true, text: [`Today's paper (${outcome.record.localDate}) is already ${outcome.record.status === 'claimed' ? 'on its way' : outcome.record.status}`, ...(paper ? [': ', quote(paper.title)] : []), '. One a day.'] };
    }
    case 'nothing':
      return { kind: 'notice', private: true, text: [`Nothing to post today: ${outcome.reason}.`] };
    case 'paused':
      return { kind: 'error', text: [`I could not post in this channel (${outcome.reason}); its daily paper is paused until /paper daily on.`] };
    case 'failed':
      return { kind: 'error', text: [`Posting failed (${outcome.error}); I will try again shortly.`] };
    case 'no-sender':
      return { kind: 'error', text: ['Daily posts are not running for this platform here.'] };
  }
}

const topicList = (topics: readonly string[]): RichText =>
  topics.flatMap((topic, i) => [i === 0 ? '' : ', ', quote(topic)]);

export const commands: readonly Command[] = [
  define({
    name: 'paper',
    underPaper: false,
    description: 'Search the papers: titles, abstracts and authors, typos forgiven.',
    args: z.object({ query: text(MAX_QUERY_LENGTH, 'what to search for, e.g. style transfer'), page }),
    access: 'anyone',
    async run({ query, page: pageNumber }, { bot }) {
      const result = bot.index.search(query, { offset: (pageNumber - 1) * PAGE_SIZE, limit: PAGE_SIZE });
      if (result.total === 0) {
        return { kind: 'notice', text: ['No papers match ', quote(query), '. Try other words, or fewer of them.'] };
      }
      return pageOf(result, ['Papers for ', quote(query)], pageNumber, (p) => ({ command: 'paper', args: { query, page: p } }),
        correctedText(query, result.plan.corrections));
    },
  }),
  define({
    name: 'ask',
    underPaper: true,
    description: 'Answer a question from the abstracts, citing the papers.',
    args: z.object({ question: text(MAX_QUERY_LENGTH, 'your question, e.g. how can I edit a real photo with StyleGAN?') }),
    access: 'anyone',
    async run({ question }, { bot }) {
      const result = answer(bot.index, question);
      return result.found
        ? { kind: 'answer', question, citations: result.sentences }
        : { kind: 'no-answer', question, closest: result.closest.map((hit) => hit.paper) };
    },
  }),
  define({
    name: 'similar',
    underPaper: true,
    description: 'List the papers most like a paper (give its id or title).',
    args: z.object({ paper: text(MAX_QUERY_LENGTH, 'a paper id or title'), page }),
    access: 'anyone',
    suggest: { paper: (typed, { bot }) => suggestPapers(bot.index, typed) },
    async run({ paper: wanted, page: pageNumber }, { bot }) {
      const paper = resolvePaper(bot.index, wanted);
      if (!paper) return { kind: 'error', text: ['No paper matches ', quote(wanted), '. Search with /paper first, then use its title.'] };
      const result = similarPapers(bot.index, paper, { offset: (pageNumber - 1) * PAGE_SIZE, limit: PAGE_SIZE });
      if (result.total === 0) return { kind: 'notice', text: ['No other paper is like ', quote(paper.title), ' yet.'] };
      return pageOf(result, ['Papers like ', quote(paper.title)], pageNumber, (p) => ({ command: 'similar', args: { paper: paper.id, page: p } }));
    },
  }),
  define({
    name: 'subscribe',
    underPaper: false,
    description: "Follow a topic in this channel (it picks the channel's daily paper).",
    args: z.object({ topic: text(MAX_TOPIC_LENGTH, 'a topic, e.g. virtual try-on') }),
    access: 'channel-managers',
    suggest: { topic: (typed, { bot, channel }) => suggestTopics(bot.index, bot.store, channel, typed) },
    async run({ topic }, { bot, channel }) {
      const outcome = await subscribe(bot.store, channel, topic, bot.now());
      switch (outcome.status) {
        case 'added': {
          const count = subscriptionsOf(bot.store, channel).length;
          return { kind: 'notice', text: ['Subscribed this channel to ', quote(outcome.topic), `. It follows ${count} topic${count === 1 ? '' : 's'} now.`] };
        }
        case 'exists':
          return { kind: 'notice', text: ['This channel already follows ', quote(outcome.topic), '; nothing changed.'] };
        case 'full':
          return { kind: 'error', text: [`This channel follows ${outcome.limit} topics, the most it can. Drop one with /unsubscribe first.`] };
      }
    },
  }),
  define({
    name: 'unsubscribe',
    underPaper: false,
    description: 'Stop following a topic in this channel.',
    args: z.object({ topic: text(MAX_TOPIC_LENGTH, 'a topic this channel follows') }),
    access: 'channel-managers',
    suggest: { topic: (typed, { bot, channel }) => suggestOwnTopics(bot.store, channel, typed) },
    async run({ topic }, { bot, channel }) {
      const { removed, topic: normalised } = await unsubscribe(bot.store, channel, topic);
      const left = subscriptionsOf(bot.store, channel).map((s) => s.topic);
      if (removed) return { kind: 'notice', text: ['Unsubscribed this channel from ', quote(normalised), '.'] };
      return {
        kind: 'error',
        text: ['This channel does not follow ', quote(normalised), '. ', ...(left.length ? ['Its topics: ', ...topicList(left), '.'] : ['It follows no topics yet.'])],
      };
    },
  }),
  define({
    name: 'subscriptions',
    underPaper: false,
    description: 'List the topics this channel follows.',
    args: z.object({}),
    access: 'anyone',
    async run(_args, { bot, channel }) {
      const topics = subscriptionsOf(bot.store, channel).map((s) => s.topic);
      const daily = ` ${dailyDescription(bot, channel)}`;
      if (topics.length === 0) return { kind: 'notice', text: [`This channel follows no topics yet. Add one with /subscribe <topic>.${daily}`] };
      return { kind: 'notice', text: [`This channel follows ${topics.length} topic${topics.length === 1 ? '' : 's'}: `, ...topicList(topics), `.${daily}`] };
    },
  }),
  define({
    name: 'daily',
    underPaper: true,
    description: "Set this channel's daily paper: a time and time zone, off, on, or now.",
    args: z.object({
      time: z.string().optional().describe('08:30 (24-hour clock), or off / on / now'),
      timezone: z.string().optional().describe('a time zone, e.g. Europe/Berlin'),
    }),
    parseText: (typed) => {
      const [time, ...zone] = cleanInput(typed).split(' ').filter(Boolean);
      return { ...(time ? { time } : {}), ...(zone.length ? { timezone: zone.join('_') } : {}) };
    },
    hint: '[HH:MM [time zone] | off | on | now]',
    access: 'channel-managers',
    suggest: { timezone: (typed) => suggestTimeZones(typed) },
    async run({ time, timezone }, { bot, channel }) {
      const word = time?.toLowerCase();
      if (word === 'now') return postNowReply(bot, channel);
      if (word === 'off' || word === 'on') {
        const enabled = word === 'on';
        if (enabled) bot.ledger.resume(channelKey(channel));
        const setting = await updateDaily(bot.store, channel, bot.dailyDefaults, { enabled });
        return { kind: 'notice', text: [enabled ? `Daily paper on: every day at ${setting.time} (${setting.timezone}).` : 'Daily paper off for this channel. Its topics are kept; /paper daily on brings it back.'] };
      }
      if (!time) return { kind: 'notice', text: [dailyDescription(bot, channel)] };
      const parsedTime = PostTimeSchema.safeParse(time);
      if (!parsedTime.success) return { kind: 'error', text: ['That time ', quote(time), ' is not a time like 08:30 (24-hour clock).'], usage: commandUsage(commands.find((c) => c.name === 'daily')!) };
      const zone = timezone ?? dailySettingOf(bot.store.read(), channelKey(channel), bot.dailyDefaults).timezone;
      const canonical = canonicalZone(zone);
      if (!canonical) return { kind: 'error', text: ['I do not know the time zone ', quote(zone), '. Use a name like Europe/Berlin, America/New_York or Asia/Tokyo.'] };
      bot.ledger.resume(channelKey(channel));
      const setting = await updateDaily(bot.store, channel, bot.dailyDefaults, { time: parsedTime.data, timezone: canonical, enabled: true });
      return { kind: 'notice', text: [`Daily paper set: every day at ${setting.time} (${setting.timezone}).`] };
    },
  }),
  define({
    name: 'feedback',
    underPaper: false,
    hidden: true,
    description: 'Rate a daily paper (the 👍 / 👎 buttons).',
    args: z.object({ paper: z.string().min(1), vote: z.enum(['up', 'down']) }),
    access: 'anyone',
    async run({ paper, vote }, { bot, channel, user }) {
      bot.ledger.recordVote(channelKey(channel), paper, user ?? 'anonymous', vote, bot.now().getTime());
      return { kind: 'notice', private: true, text: [vote === 'up' ? 'Thanks! More papers like this one.' : 'Thanks, noted: fewer papers like this one.'] };
    },
  }),
  define({
    name: 'help',
    underPaper: false,
    description: 'Show the commands.',
    args: z.object({}),
    access: 'anyone',
    async run() {
      return { kind: 'help', commands: helpEntries() };
    },
  }),
];

/** The arguments a person types, in order; `page` is set by Prev/Next buttons, never typed. */
export function typedArguments(command: Command): string[] {
  return Object.keys(command.args.shape).filter((name) => name !== 'page');
}

/** The argument a typed line fills: the command's first, if it takes any. */
export function textArgument(command: Command): string | undefined {
  return typedArguments(command)[0];
}

/** The arguments of a typed line after the command's name. */
export function argumentsFromText(command: Command, text: string): Record<string, string> {
  if (command.parseText) return command.parseText(text);
  const argument = textArgument(command);
  return argument ? { [argument]: text } : {};
}

/** Every command a person can type, with its usage and what it does. */
export const helpEntries = (): CommandHelp[] =>
  commands.filter((command) => !command.hidden).map((command) => ({ ...commandUsage(command), description: command.description }));

export function commandUsage(command: Command): CommandUsage {
  return { name: command.name, arguments: typedArguments(command), usage: usage(command), ...(command.hint ? { hint: command.hint } : {}) };
}

/** How the command is typed, e.g. `/paper ask <question>`. */
export function usage(command: Command): string {
  const args = command.hint ?? typedArguments(command).map((name) => `<${name}>`).join(' ');
  return [command.underPaper ? `/paper ${command.name}` : `/${command.name}`, args].filter(Boolean).join(' ');
}
