import { z } from 'zod';
import type { RichText } from '../core/reply.js';
import { subscriptionsOf } from '../state/subscriptions.js';
import { quote } from './args.js';
import { define } from './command.js';
import { dailyDescription } from './daily.js';

/** Topics as "a, b, c", each quoted. */
export const topicList = (topics: readonly string[]): RichText =>
  topics.flatMap((topic, i) => [i === 0 ? '' : ', ', quote(topic)]);

export const subscriptions = define({
  name: 'subscriptions',
  description: 'List the topics this channel follows.',
  args: z.object({}),
  access: 'anyone',
  async run(_args, { bot, channel }) {
    const topics = subscriptionsOf(bot.store, channel).map((s) => s.topic);
    const daily = ` ${dailyDescription(bot, channel)}`;
    if (topics.length === 0) {
      return { kind: 'notice', text: [`This channel follows no topics yet. Add one with /subscribe <topic>.${daily}`] };
    }
    const count = `This channel follows ${topics.length} topic${topics.length === 1 ? '' : 's'}: `;
    return { kind: 'notice', text: [count, ...topicList(topics), `.${daily}`] };
  },
});
