import { z } from 'zod';
import { MAX_TOPIC_LENGTH } from '../state/store.js';
import { subscribe as follow, subscriptionsOf } from '../state/subscriptions.js';
import { quote, text } from './args.js';
import { define } from './command.js';
import { suggestTopics } from './suggest.js';

export const subscribe = define({
  name: 'subscribe',
  description: "Follow a topic in this channel (it picks the channel's daily paper).",
  args: z.object({ topic: text(MAX_TOPIC_LENGTH, 'a topic, e.g. virtual try-on') }),
  access: 'channel-managers',
  suggest: { topic: (typed, { bot, channel }) => suggestTopics(bot.index, bot.store, channel, typed) },
  async run({ topic }, { bot, channel }) {
    const outcome = await follow(bot.store, channel, topic, bot.now());
    switch (outcome.status) {
      case 'added': {
        const count = subscriptionsOf(bot.store, channel).length;
        const follows = `. It follows ${count} topic${count === 1 ? '' : 's'} now.`;
        return { kind: 'notice', text: ['Subscribed this channel to ', quote(outcome.topic), follows] };
      }
      case 'exists':
        return { kind: 'notice', text: ['This channel already follows ', quote(outcome.topic), '; nothing changed.'] };
      case 'full': {
        const most = `This channel follows ${outcome.limit} topics, the most it can. Drop one with /unsubscribe first.`;
        return { kind: 'error', text: [most] };
      }
      case 'refused': {
        const advice = ` ${outcome.problem}. Name what the papers are about, e.g. virtual try-on.`;
        return { kind: 'error', text: ['The topic ', quote(outcome.topic), advice] };
      }
    }
  },
});
