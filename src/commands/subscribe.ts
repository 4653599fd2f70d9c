import { z } from 'zod';
import type { Bot } from '../core/bot.js';
import { followMatches } from '../search/follow-matches.js';
import { parseFollow } from '../state/follow.js';
import { MAX_TOPIC_LENGTH } from '../state/store.js';
import { subscribe as follow, subscriptionsOf } from '../state/subscriptions.js';
import { quote, text } from './args.js';
import { define } from './command.js';
import { suggestTopics } from './suggest.js';

/** What the channel can expect for a new topic: papers fetched now, or a warning when none can be found. */
async function freshness(bot: Bot, topic: string): Promise<string> {
  if (bot.feeds) {
    // In the background: the reply must not wait for arXiv's polite pace.
    void bot.feeds.backfill(topic);
    return " I'm fetching the newest arXiv papers on it now.";
  }
  const follow = parseFollow(topic);
  // An author or category is matched exactly, not searched.
  const known =
    follow.kind === 'topic'
      ? (await bot.search('search', topic, { limit: 1, snippets: false })).total > 0
      : followMatches(bot.index, follow, 50, false).length > 0;
  if (known) return '';
  return ' Nothing in the library matches it yet, so its daily paper waits until papers on it arrive.';
}

export const subscribe = define({
  name: 'subscribe',
  description: "Follow a topic, author:<name> or cat:<arXiv category> here (it picks the channel's daily paper).",
  args: z.object({
    topic: text(MAX_TOPIC_LENGTH, 'a topic (virtual try-on), author:<name> or cat:<category> (cat:cs.CV)'),
  }),
  access: 'channel-managers',
  suggest: { topic: (typed, { bot, channel }) => suggestTopics(bot.index, bot.store, channel, typed) },
  async run({ topic }, { bot, channel }) {
    const outcome = await follow(bot.store, channel, topic, bot.now());
    switch (outcome.status) {
      case 'added': {
        const count = subscriptionsOf(bot.store, channel).length;
        const follows = `. It follows ${count} topic${count === 1 ? '' : 's'} now.`;
        return {
          kind: 'notice',
          text: ['Subscribed this channel to ', quote(outcome.topic), follows, await freshness(bot, topic)],
        };
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
