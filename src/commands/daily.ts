import { z } from 'zod';
import type { Bot } from '../core/bot.js';
import { type Channel, channelKey } from '../core/channel.js';
import type { Reply } from '../core/reply.js';
import { cleanInput } from '../core/text.js';
import { dailySettingOf, scheduledChannels, updateDaily } from '../daily/settings.js';
import { quote } from './args.js';
import { type Command, define } from './command.js';
import { postTimeIn } from './post-time.js';
import { suggestTimeZones } from './suggest.js';
import { commandUsage } from './usage.js';

/** The channel's daily-post setting in a sentence. */
export function dailyDescription(bot: Bot, channel: Channel): string {
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
      const { paperId, localDate, status } = outcome.record;
      const paper = paperId ? bot.index.get(paperId) : undefined;
      const state = status === 'claimed' ? 'on its way' : status;
      const title = paper ? [': ', quote(paper.title)] : [];
      return {
        kind: 'notice',
        private: true,
        text: [`Today's paper (${localDate}) is already ${state}`, ...title, '. One a day.'],
      };
    }
    case 'nothing':
      return { kind: 'notice', private: true, text: [`Nothing to post today: ${outcome.reason}.`] };
    case 'paused': {
      const until = 'its daily paper is paused until /paper daily on.';
      return { kind: 'error', text: [`I could not post in this channel (${outcome.reason}); ${until}`] };
    }
    case 'failed':
      return { kind: 'error', text: [`Posting failed (${outcome.error}); I will try again shortly.`] };
    case 'no-sender':
      return { kind: 'error', text: ['Daily posts are not running for this platform here.'] };
  }
}

async function switchDaily(bot: Bot, channel: Channel, enabled: boolean): Promise<Reply> {
  if (enabled) bot.ledger.unpause(channelKey(channel));
  const setting = await updateDaily(bot.store, channel, bot.dailyDefaults, { enabled });
  const said = enabled
    ? `Daily paper on: every day at ${setting.time} (${setting.timezone}).`
    : 'Daily paper off for this channel. Its topics are kept; /paper daily on brings it back.';
  return { kind: 'notice', text: [said] };
}

// Typed, since its handler names it (its usage, in an error).
export const daily: Command = define({
  name: 'daily',
  helpAsPaperSubcommand: true,
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
    if (word === 'off' || word === 'on') return switchDaily(bot, channel, word === 'on');
    if (!time) return { kind: 'notice', text: [dailyDescription(bot, channel)] };
    const zone = timezone ?? dailySettingOf(bot.store.read(), channelKey(channel), bot.dailyDefaults).timezone;
    const when = postTimeIn(time, zone, commandUsage(daily));
    if ('kind' in when) return when;
    bot.ledger.unpause(channelKey(channel));
    const change = { time: when.time, timezone: when.zone, enabled: true };
    const setting = await updateDaily(bot.store, channel, bot.dailyDefaults, change);
    return { kind: 'notice', text: [`Daily paper set: every day at ${setting.time} (${setting.timezone}).`] };
  },
});
