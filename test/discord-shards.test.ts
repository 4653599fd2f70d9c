import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardingOf } from '../adapters/discord/shards.js';
import type { RunningAdapter } from '../adapters/running.js';
import { startPlatforms, stopAll } from '../app/start.js';
import { type Bot, startBot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import { subscribe } from '../src/state/subscriptions.js';
import { tempDir } from './support/bot.js';
import { CHANNEL_ID, type FakeDiscord, startFakeDiscord } from './support/fake-discord.js';

const channel = { platform: 'discord', id: CHANNEL_ID } as const;
/** Every message the bot asked Discord to create in the channel, resends included (the fake drops them by nonce). */
const channelPosts = (fake: FakeDiscord) =>
  fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);

async function startWith(fake: FakeDiscord, dataDir: string, env: Record<string, string>) {
  const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir, ...env });
  const bot = await startBot(config);
  return { bot, running: await startPlatforms(bot, config) };
}

describe('Discord sharding: every shard in one process (DISCORD_SHARDS=auto)', () => {
  let fake: FakeDiscord;
  let bot: Bot;
  let running: RunningAdapter[];

  beforeAll(async () => {
    fake = await startFakeDiscord({ shards: 2, maxConcurrency: 2 });
    ({ bot, running } = await startWith(fake, tempDir(), { DISCORD_SHARDS: 'auto' }));
  });
  afterAll(async () => {
    await stopAll(running ?? []);
    await fake?.close();
  });

  it('connects as many shards as Discord recommends, each identifying as [id, count]', () => {
    expect(fake.identifiedShards.map((shard) => shard?.join('/')).sort()).toEqual(['0/2', '1/2']);
  });

  it('answers an interaction whichever shard it arrives on', async () => {
    for (const shard of [0, 1]) {
      const answer = await fake.sendOn(shard, fake.command('paper', [{ name: 'query', value: 'virtual try-on' }]));
      expect(answer.body.type).toBe(4);
      expect(answer.body.data.embeds.length).toBeGreaterThanOrEqual(3);
    }
  });

  it("posts the channel's daily paper once, over REST", async () => {
    await subscribe(bot.store, channel, 'style transfer', new Date());
    const [first, second] = await Promise.all([bot.daily.postNow(channel), bot.daily.postNow(channel)]);
    expect([first.status, second.status].sort()).toEqual(['already', 'sent']);
    expect(channelPosts(fake)).toHaveLength(1);
  });
});

describe('Discord sharding: two processes splitting the gateway (DISCORD_SHARD_IDS, DISCORD_SHARD_COUNT)', () => {
  let fake: FakeDiscord;
  let bots: Bot[];
  let running: RunningAdapter[];

  beforeAll(async () => {
    fake = await startFakeDiscord({ maxConcurrency: 2 });
    // Two bots on one data directory, as two processes on one host: shard 0 in one, shard 1 in the other.
    const dataDir = tempDir();
    const started = await Promise.all(
      ['0', '1'].map((id) => startWith(fake, dataDir, { DISCORD_SHARD_IDS: id, DISCORD_SHARD_COUNT: '2' })),
    );
    bots = started.map((s) => s.bot);
    running = started.flatMap((s) => s.running);
  });
  afterAll(async () => {
    await stopAll(running ?? []);
    await fake?.close();
  });

  it('identifies each process with its own shard of two', () => {
    expect(fake.identifiedShards.map((shard) => shard?.join('/')).sort()).toEqual(['0/2', '1/2']);
  });

  it("answers an interaction on each process's shard", async () => {
    for (const shard of [0, 1]) {
      const answer = await fake.sendOn(shard, fake.command('subscriptions'));
      expect(answer.body.type).toBe(4);
    }
  });

  it('sends the daily post once though both processes run the scheduler: the shared ledger holds the claim', async () => {
    await subscribe(bots[0]!.store, channel, 'style transfer', new Date());
    const outcomes = await Promise.all(bots.map((b) => b.daily.postNow(channel)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already', 'sent']);
    expect(channelPosts(fake)).toHaveLength(1);
    // Either process's scheduler finds the day done.
    expect((await bots[1]!.daily.runDue()).get(`discord:${CHANNEL_ID}`)?.status ?? 'already').toBe('already');
  });
});

describe('shard settings', () => {
  const none = { DISCORD_SHARDS: undefined, DISCORD_SHARD_IDS: undefined, DISCORD_SHARD_COUNT: undefined };

  it('maps onto discord.js client options', () => {
    expect(shardingOf(none)).toEqual({});
    expect(shardingOf({ ...none, DISCORD_SHARDS: 3 })).toEqual({ shards: [0, 1, 2], shardCount: 3 });
    expect(shardingOf({ ...none, DISCORD_SHARDS: 'auto' })).toEqual({ shards: 'auto' });
    expect(shardingOf({ ...none, DISCORD_SHARD_IDS: [2, 3], DISCORD_SHARD_COUNT: 4 })).toEqual({
      shards: [2, 3],
      shardCount: 4,
    });
  });

  it('reads them from the environment and refuses combinations that cannot work, naming the variable', () => {
    const read = (env: Record<string, string>) => shardingOf(loadConfig({ DATA_DIR: tempDir(), ...env }));
    expect(read({ DISCORD_SHARD_IDS: '0,1', DISCORD_SHARD_COUNT: '4' })).toEqual({ shards: [0, 1], shardCount: 4 });
    expect(() => read({ DISCORD_SHARD_IDS: '0,x' })).toThrow(/DISCORD_SHARD_IDS must be shard ids/);
    expect(() => read({ DISCORD_SHARDS: 'many' })).toThrow(/DISCORD_SHARDS/);
    expect(() => read({ DISCORD_SHARD_IDS: '0' })).toThrow(/DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT/);
    expect(() => read({ DISCORD_SHARD_IDS: '2', DISCORD_SHARD_COUNT: '2' })).toThrow(/shards run from 0 to 1/);
    expect(() => read({ DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '0', DISCORD_SHARD_COUNT: '2' })).toThrow(/not both/);
    expect(() => read({ DISCORD_SHARD_COUNT: '2' })).toThrow(/goes with DISCORD_SHARD_IDS/);
  });
});
