import { type Channel, type ChannelKey, channelKey } from '../core/channel.js';
import { followKey, followProblem, followText, parseFollow } from './follow.js';
import type { State, Store, Subscription, Topic } from './store.js';

export const MAX_TOPICS_PER_CHANNEL = 25;

export type SubscribeOutcome =
  | { readonly status: 'added'; readonly topic: Topic }
  | { readonly status: 'exists'; readonly topic: Topic }
  | { readonly status: 'full'; readonly topic: Topic; readonly limit: number }
  | { readonly status: 'refused'; readonly topic: Topic; readonly problem: string };

/** The channel's follow spelled another way, if it has one ("virtual tryon" for "virtual try-on"). */
const sameTopic = (subscriptions: readonly Subscription[], topic: Topic) => {
  const key = followKey(parseFollow(topic));
  return subscriptions.find((s) => followKey(parseFollow(s.topic)) === key);
};

export async function subscribe(store: Store, channel: Channel, text: string, now: Date): Promise<SubscribeOutcome> {
  // The command's schema has already held the topic to MAX_TOPIC_LENGTH; the store's schema holds it again.
  const follow = parseFollow(text);
  const topic = followText(follow);
  const problem = followProblem(follow);
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
  const typed = followText(parseFollow(text));
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

// Built once per state read: the store replaces its state on every change and never edits one it handed out.
const byChannel = new WeakMap<Readonly<State>, Map<ChannelKey, Subscription[]>>();

/**
 * Each channel's subscriptions, oldest first. For a state from `store.read()`, not one being changed: with
 * 20,000 channels, filtering all subscriptions once per channel was 10^10 steps.
 */
export function subscriptionsByChannel(state: Readonly<State>): ReadonlyMap<ChannelKey, readonly Subscription[]> {
  let index = byChannel.get(state);
  if (!index) {
    index = new Map();
    for (const subscription of state.subscriptions) {
      const own = index.get(subscription.channel);
      if (own) own.push(subscription);
      else index.set(subscription.channel, [subscription]);
    }
    byChannel.set(state, index);
  }
  return index;
}

/** A channel's subscriptions, oldest first. */
export function subscriptionsOf(store: Store, channel: Channel): Subscription[] {
  return [...(subscriptionsByChannel(store.read()).get(channelKey(channel)) ?? [])];
}
