import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../src/core/errors.js';
import { openStore } from '../src/state/store.js';
import { MAX_TOPICS_PER_CHANNEL, subscribe, subscriptionsOf, unsubscribe } from '../src/state/subscriptions.js';
import { normaliseTopic } from '../src/state/topic.js';
import { channel, tempDir, testBot } from './support/bot.js';

const now = new Date('2026-11-28T09:00:00Z');

describe('subscriptions', () => {
  it('persist across a restart', async () => {
    const first = await testBot();
    await subscribe(first.store, channel, 'virtual try-on', now);
    const restarted = await testBot(first.dir);
    expect(subscriptionsOf(restarted.store, channel).map((s) => s.topic)).toEqual(['virtual try-on']);
  });

  it('normalise topics and answer a repeat without storing it twice', async () => {
    const { store } = await testBot();
    expect(normaliseTopic('  Virtual   Try-On\u200b ')).toBe('virtual try-on');
    expect(await subscribe(store, channel, 'Virtual  Try-On', now)).toEqual({
      status: 'added',
      topic: 'virtual try-on',
    });
    expect(await subscribe(store, channel, 'virtual try-on ', now)).toEqual({
      status: 'exists',
      topic: 'virtual try-on',
    });
    expect(subscriptionsOf(store, channel)).toHaveLength(1);
  });

  it('keep channels apart', async () => {
    const { store } = await testBot();
    await subscribe(store, channel, 'gan inversion', now);
    expect(subscriptionsOf(store, { platform: 'slack', id: '123' })).toEqual([]);
  });

  it(`allow at most ${MAX_TOPICS_PER_CHANNEL} topics per channel`, async () => {
    const { store } = await testBot();
    for (let i = 0; i < MAX_TOPICS_PER_CHANNEL; i++) await subscribe(store, channel, `topic ${i}`, now);
    expect((await subscribe(store, channel, 'one too many', now)).status).toBe('full');
    expect(subscriptionsOf(store, channel)).toHaveLength(MAX_TOPICS_PER_CHANNEL);
  });

  it('can be dropped', async () => {
    const { store } = await testBot();
    await subscribe(store, channel, 'style transfer', now);
    expect(await unsubscribe(store, channel, 'Style Transfer')).toEqual({ removed: true, topic: 'style transfer' });
    expect(await unsubscribe(store, channel, 'style transfer')).toEqual({ removed: false, topic: 'style transfer' });
    expect(subscriptionsOf(store, channel)).toEqual([]);
  });

  it('all land when many subscribes arrive at the same moment', async () => {
    const first = await testBot();
    const topics = Array.from({ length: 20 }, (_, i) => `concurrent topic ${i}`);
    await Promise.all(topics.map((topic) => subscribe(first.store, channel, topic, now)));
    const onDisk = JSON.parse(readFileSync(join(first.dir, 'state.json'), 'utf8'));
    expect(onDisk.subscriptions.map((s: { topic: string }) => s.topic).sort()).toEqual([...topics].sort());
    const restarted = await testBot(first.dir);
    expect(subscriptionsOf(restarted.store, channel)).toHaveLength(20);
  });
});

describe('the state file', () => {
  it.each([
    ['not JSON', '{"version": 1, "subscriptions": ['],
    ['the wrong shape', '{"version": 1, "subscriptions": [{"channel": "nowhere", "topic": ""}]}'],
    ['empty', ''],
  ])('is refused when it is %s, with an error naming it, and left untouched', async (_what, content) => {
    const file = join(tempDir(), 'state.json');
    writeFileSync(file, content);
    const opening = openStore(file);
    await expect(opening).rejects.toBeInstanceOf(StoreError);
    await expect(opening).rejects.toThrow(file);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('is written whole: no temporary file is left beside it', async () => {
    const bot = await testBot();
    await subscribe(bot.store, channel, 'gan', now);
    expect(readdirSync(bot.dir).filter((name) => name.startsWith('state') || name.includes('tmp'))).toEqual([
      'state.json',
    ]);
  });
});
