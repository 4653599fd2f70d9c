import { z } from 'zod';
import type { RichText } from '../core/reply.js';
import { parseFollow } from '../state/follow.js';
import { subscriptionsOf } from '../state/subscriptions.js';
import { quote } from './args.js';
import { define } from './command.js';
import { dailyDescription } from './daily.js';
import { digestDescription } from './digest.js';

/** Topics as "a, b, c", each quoted. */
export const topicList = (topics: readonly string[]): RichText =>
  topics.flatMap((topic, i) => [i === 0 ? '' : ', ', quote(topic)]);

// Each kind of follow, with its name for one and for many.
const KINDS = [
  ['topic', 'topic', 'topics'],
  ['author', 'author', 'authors'],
  ['category', 'category', 'categories'],
] as const;

/** "2 topics: a, b; 1 author: c": each kind of follow the channel has, in turn. */
function followList(follows: readonly string[]): RichText {
  const parsed = follows.map(parseFollow);
  const parts = KINDS.flatMap(([kind, one, many]): RichText[] => {
    const values = parsed.filter((f) => f.kind === kind).map((f) => f.value);
    return values.length ? [[`${values.length} ${values.length === 1 ? one : many}: `, ...topicList(values)]] : [];
  });
  return parts.flatMap((part, i) => [...(i ? ['; '] : []), ...part]);
}

export const subscriptions = define({
  name: 'subscriptions',
  description: 'List the topics, authors and categories this channel follows.',
  args: z.object({}),
  access: 'anyone',
  async run(_args, { bot, channel }) {
    const follows = subscriptionsOf(bot.store, channel).map((s) => s.topic);
    const digest = digestDescription(bot, channel);
    const settings = ` ${dailyDescription(bot, channel)}${digest ? ` ${digest}` : ''}`;
    if (follows.length === 0) {
      return {
        kind: 'notice',
        text: [`This channel follows no topics yet. Add one with /subscribe <topic>.${settings}`],
      };
    }
    return { kind: 'notice', text: ['This channel follows ', ...followList(follows), `.${settings}`] };
  },
});
