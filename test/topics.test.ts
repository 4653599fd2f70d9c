import { describe, expect, it } from 'vitest';
import { subscribe, subscriptionsOf, unsubscribe } from '../src/state/subscriptions.js';
import { topicKey } from '../src/state/topic.js';
import { channel, testBot } from './support/bot.js';

const now = new Date('2026-11-28T09:00:00Z');

describe('topics as people mean them', () => {
  it.each(['Virtual Try-On', 'virtual tryon', 'virtual try on', 'virtual try-ons', 'VIRTUAL  TRY-ON'])(
    'reads %s as the topic virtual try-on',
    (typed) => {
      expect(topicKey(typed)).toBe(topicKey('virtual try-on'));
    },
  );

  it('keeps different topics apart', () => {
    expect(topicKey('style transfer')).not.toBe(topicKey('style transform'));
    expect(topicKey('gan inversion')).not.toBe(topicKey('gan'));
  });

  it('stores one topic for every spelling, and drops it by any of them', async () => {
    const { store } = await testBot();
    expect(await subscribe(store, channel, 'virtual try-on', now)).toEqual({
      status: 'added',
      topic: 'virtual try-on',
    });
    expect(await subscribe(store, channel, 'virtual tryon', now)).toEqual({
      status: 'exists',
      topic: 'virtual try-on',
    });
    expect(await subscribe(store, channel, 'Virtual Try On', now)).toEqual({
      status: 'exists',
      topic: 'virtual try-on',
    });
    expect(subscriptionsOf(store, channel).map((s) => s.topic)).toEqual(['virtual try-on']);
    expect(await unsubscribe(store, channel, 'virtual try on')).toEqual({ removed: true, topic: 'virtual try-on' });
    expect(subscriptionsOf(store, channel)).toEqual([]);
  });

  it.each(['the', 'of the', '🙂', '!!!', 'what is'])('refuses %s, which names nothing to look for', async (typed) => {
    const { store } = await testBot();
    expect((await subscribe(store, channel, typed, now)).status).toBe('refused');
    expect(subscriptionsOf(store, channel)).toEqual([]);
  });
});
