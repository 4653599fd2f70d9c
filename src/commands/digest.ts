import { z } from 'zod';
import type { Bot } from '../core/bot.js';
import { type Channel, channelKey } from '../core/channel.js';
import type { Reply } from '../core/reply.js';
import { cleanInput } from '../core/text.js';
import { WEEKDAYS, type Weekday } from '../daily/clock.js';
import { DIGEST_SIZE } from '../daily/digest.js';
import { quote } from './args.js';
import { type Command, define } from './command.js';
import { postTimeIn } from './post-time.js';
import { suggestTimeZones } from './suggest.js';
import { commandUsage } from './usage.js';

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** A weekday as typed: "mon", "Monday", "MO". */
const weekdayOf = (typed: string): Weekday | undefined =>
  WEEKDAYS.find(
    (day) =>
      typed.length >= 2 &&
      (day.startsWith(typed.toLowerCase()) || DAY_NAMES[day].toLowerCase().startsWith(typed.toLowerCase())),
  );

/** The channel's weekly digest in a sentence, or undefined when it has none. */
export function digestDescription(bot: Bot, channel: Channel): string | undefined {
  const setting = bot.ledger.digestSettings().get(channelKey(channel));
  if (!setting) return undefined;
  return `Weekly digest: ${DAY_NAMES[setting.day]}s at ${setting.time} (${setting.timezone}).`;
}

function setDigest(
  bot: Bot,
  channel: Channel,
  day: string,
  time: string | undefined,
  timezone: string | undefined,
): Reply {
  const weekday = weekdayOf(day);
  if (!weekday) {
    return {
      kind: 'error',
      text: ['The day ', quote(day), ' is not a weekday like mon or Monday.'],
      usage: commandUsage(digest),
    };
  }
  const at = postTimeIn(time ?? bot.dailyDefaults.time, timezone ?? bot.dailyDefaults.timezone, commandUsage(digest));
  if ('kind' in at) return at;
  bot.ledger.setDigest(channelKey(channel), { day: weekday, time: at.time, timezone: at.zone });
  const when = `${DAY_NAMES[weekday]}s at ${at.time} (${at.zone})`;
  return {
    kind: 'notice',
    text: [`Weekly digest set: the week's top ${DIGEST_SIZE} papers for this channel's follows, ${when}.`],
  };
}

// Typed, since its handler names it (its usage, in an error).
export const digest: Command = define({
  name: 'digest',
  helpAsPaperSubcommand: true,
  description: "Set this channel's weekly digest of its top papers: weekly, a day, a time and zone; or off.",
  args: z.object({
    schedule: z.string().optional().describe('weekly, or off'),
    day: z.string().optional().describe('a weekday, e.g. mon'),
    time: z.string().optional().describe('09:00 (24-hour clock)'),
    timezone: z.string().optional().describe('a time zone, e.g. Europe/Berlin'),
  }),
  parseText: (typed) => {
    const [schedule, day, time, ...zone] = cleanInput(typed).split(' ').filter(Boolean);
    return {
      ...(schedule ? { schedule } : {}),
      ...(day ? { day } : {}),
      ...(time ? { time } : {}),
      ...(zone.length ? { timezone: zone.join('_') } : {}),
    };
  },
  hint: '[weekly <day> [HH:MM [time zone]] | off]',
  access: 'channel-managers',
  suggest: { timezone: (typed) => suggestTimeZones(typed) },
  async run({ schedule, day, time, timezone }, { bot, channel }) {
    const word = schedule?.toLowerCase();
    if (word === 'off') {
      bot.ledger.setDigest(channelKey(channel), undefined);
      return { kind: 'notice', text: ['Weekly digest off for this channel.'] };
    }
    if (word === 'weekly' && day) return setDigest(bot, channel, day, time, timezone);
    if (!word) return { kind: 'notice', text: [digestDescription(bot, channel) ?? 'Weekly digest: off.'] };
    const text = word === 'weekly' ? ['Tell me the day, e.g. weekly mon 09:00 Europe/Berlin.'] : ['Say weekly or off.'];
    return { kind: 'error', text, usage: commandUsage(digest) };
  },
});
