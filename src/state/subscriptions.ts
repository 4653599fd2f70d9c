import { type Channel, channelKey } from '../core/channel.js';
import type { Store, Subscription, Topic } from './store.js';
import { normaliseTopic, topicKey, topicProblem } from './topic.js';

export const MAX_TOPICS_PER_CHANNEL = 25;

export type SubscribeOutcome =
  | { readonly status: 'added'; readonly topic: Topic }
  | { readonly status: 'exists'; readonly topic: Topic }
  | { readonly status: 'full'; readonly topic: Topic; readonly limit: number }
  | { readonly status: 'refused'; readonly topic: Topic; readonly problem: string };

/** The channel's topic spelled another way, if it follows one ("virtual tryon" for "virtual try-on"). */
const sameTopic = (subscriptions: readonly Subscription[], topic: Topic) => {
  const key = topicKey(topic);
  return subscriptions.find((s) => topicKey(s.topic) === key);
};

export async function subscribe(store: Store, channel: Channel, text: string, now: Date): Promise<SubscribeOutcome> {
  // The command's schema has already held the topic to MAX_TOPIC_LENGTH; the store's schema holds it again.
  const topic = normaliseTopic(text);
  const problem = topicProblem(topic);
  if (problem) return { status: 'refused', topic, problem };
  const key = channelKey(channel);
  return store.update((state): SubscribeOutcome => {
    const own = state.subscriptions.filter((s) => s.channel === key);
    const existing = sameTopic(own, topic);
    if (existing) return { status: 'exists', topic: existing.topic };
    if (own.length >= MAX_TOPICS_PER_CHANNEL) return { status: 'full', topic, limit: MAX_TOPICS_PER_CHANNEL };
    state.subscriptions.push({ channel: key, topic, since: now.toISOString() });
    return { status: 'added', topic };
  });
}

/** Drops the channel's topic however it is spelled now; `topic` is the one it followed, when it did. */
export async function unsubscribe(
  store: Store,
  channel: Channel,
  text: string,
): Promise<{ removed: boolean; topic: Topic }> {
  const typed = normaliseTopic(text);
  const key = channelKey(channel);
  return store.update((state) => {
    const existing = sameTopic(
      state.subscriptions.filter((s) => s.channel === key),
      typed,
    );
    if (!existing) return { removed: false, topic: typed };
    state.subscriptions = state.subscriptions.filter((s) => s !== existing);
    return { removed: true, topic: existing.topic };
  });
}

/** A channel's subscriptions, oldest first. */
export function subscriptionsOf(store: Store, channel: Channel): Subscription[] {
  const key = channelKey(channel);
  return store.read().subscriptions.filter((s) => s.channel === key);
}
