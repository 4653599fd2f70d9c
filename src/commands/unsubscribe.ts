import { z } from 'zod';
import { MAX_TOPIC_LENGTH } from '../state/store.js';
import { subscriptionsOf, unsubscribe as unfollow } from '../state/subscriptions.js';
import { quote, text } from './args.js';
import { define } from './command.js';
import { topicList } from './subscriptions.js';
import { suggestOwnTopics } from './suggest.js';

export const unsubscribe = define({
  name: 'unsubscribe',
  description: 'Stop following a topic in this channel.',
  args: z.object({ topic: text(MAX_TOPIC_LENGTH, 'a topic this channel follows') }),
  access: 'channel-managers',
  suggest: { topic: (typed, { bot, channel }) => suggestOwnTopics(bot.store, channel, typed) },
  async run({ topic }, { bot, channel }) {
    const { removed, topic: normalised } = await unfollow(bot.store, channel, topic);
    const left = subscriptionsOf(bot.store, channel).map((s) => s.topic);
    if (removed) return { kind: 'notice', text: ['Unsubscribed this channel from ', quote(normalised), '.'] };
    const rest = left.length ? ['Its topics: ', ...topicList(left), '.'] : ['It follows no topics yet.'];
    return { kind: 'error', text: ['This channel does not follow ', quote(normalised), '. ', ...rest] };
  },
});
