import { type Channel, channelKey } from '../core/channel.js';
import type { Store, Subscription, Topic } from './store.js';
import { cleanInput } from '../core/text.js';

export const MAX_TOPICS_PER_CHANNEL = 25;

/** Topics compare as people mean them: "Virtual  Try-On " and "virtual try-on" are one topic. */
export function normaliseTopic(text: string): Topic {
  return cleanInput(text).toLowerCase();
}

export type SubscribeOutcome =
  | { readonly status: 'added'; readonly topic: Topic }
  | { readonly status: 'exists'; readonly topic: Topic }
  | { readonly status: 'full'; readonly topic: Topic; readonly limit: number };

export async function subscribe(store: Store, channel: Channel, text: string, now: Date): Promise<SubscribeOutcome> {
  // The command's schema has already held the topic to MAX_TOPIC_LENGTH; the store's schema holds it again.
  const topic = normaliseTopic(text);
  const key = channelKey(channel);
  return store.update((state): SubscribeOutcome => {
    const own = state.subscriptions.filter((s) => s.channel === key);
    if (own.some((s) => s.topic === topic)) return { status: 'exists', topic };
    if (own.length >= MAX_TOPICS_PER_CHANNEL) return { status: 'full', topic, limit: MAX_TOPICS_PER_CHANNEL };
    state.subscriptions.push({ channel: key, topic, since: now.toISOString() });
    return { status: 'added', topic };
  });
}

export async function unsubscribe(store: Store, channel: Channel, text: string): Promise<{ removed: boolean; topic: Topic }> {
  const topic = normaliseTopic(text);
  const key = channelKey(channel);
  return store.update((state) => {
    const before = state.subscriptions.length;
    state.subscriptions = state.subscriptions.filter((s) => !(s.channel === key && s.topic === topic));
    return { removed: state.subscriptions.length < before, topic };
  });
}

/** A channel's subscriptions, oldest first. */
export function subscriptionsOf(store: Store, channel: Channel): Subscription[] {
  const key = channelKey(channel);
  return store.read().subscriptions.filter((s) => s.channel === key);
}
