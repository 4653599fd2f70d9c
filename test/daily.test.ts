import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLine } from '../src/commands/dispatch.js';
import { assembleBot } from '../src/core/bot.js';
import type { Channel } from '../src/core/channel.js';
import { ChannelGoneError } from '../src/core/errors.js';
import type { Paper } from '../src/core/paper.js';
import { plain } from '../src/core/reply.js';
import { shortAbstract } from '../src/core/text.js';
import { createChooser } from '../src/daily/choose.js';
import { openLedger } from '../src/daily/ledger.js';
import type { OutgoingPost, Sender } from '../src/daily/service.js';
import { updateDaily } from '../src/daily/settings.js';
import { buildIndex } from '../src/search/paper-index.js';
import { openStore } from '../src/state/store.js';
import { subscribe } from '../src/state/subscriptions.js';
import { contextFor, tempDir, testBot } from './support/bot.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

function recorder(): Sender & { posts: (OutgoingPost & { at: Date })[]; clock?: () => Date } {
  const posts: (OutgoingPost & { at: Date })[] = [];
  const sender = {
    posts,
    clock: undefined as (() => Date) | undefined,
    async send(post: OutgoingPost) {
      posts.push({ ...post, at: sender.clock?.() ?? new Date() });
      return { messageId: String(posts.length) };
    },
  };
  return sender;
}

/** A bot on the seeds with a clock the test moves, and a sender that records what would be posted. */
async function clockedBot(start: string, dir = tempDir()) {
  let now = new Date(start);
  const bot = await testBot(dir, () => now);
  const sender = recorder();
  sender.clock = () => now;
  bot.daily.useSender('slack', sender);
  return { bot, sender, setNow: (at: Date) => (now = at), now: () => now };
}

const channel: Channel = { platform: 'slack', id: 'C1' };

describe('the daily schedule', () => {
  it('posts at 08:30 Berlin time every day across the change to summer time', async () => {
    const { bot, sender, setNow } = await clockedBot('2026-03-27T00:00:00Z');
    await updateDaily(bot.store, channel, bot.dailyDefaults, {
      time: '08:30',
      timezone: 'Europe/Berlin',
      enabled: true,
    });
    await subscribe(bot.store, channel, 'style', new Date());
    for (let t = Date.parse('2026-03-27T00:00:00Z'); t < Date.parse('2026-03-31T00:00:00Z'); t += 60_000) {
      setNow(new Date(t));
      await bot.daily.runDue();
    }
    expect(sender.posts.map((p) => p.at.toISOString())).toEqual([
      '2026-03-27T07:30:00.000Z', // CET, UTC+1
      '2026-03-28T07:30:00.000Z',
      '2026-03-29T06:30:00.000Z', // CEST from 29 March, UTC+2
      '2026-03-30T06:30:00.000Z',
    ]);
    expect(sender.posts.map((p) => p.localDate)).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30']);
  });

  it('catches up once when the bot was down at post time, and never posts for days already gone', async () => {
    const { bot, sender, setNow } = await clockedBot('2026-11-28T00:00:00Z');
    await subscribe(bot.store, channel, 'gan', new Date());
    setNow(new Date('2026-12-01T15:12:00Z')); // down since before the 28th's 09:00 post
    await bot.daily.runDue();
    setNow(new Date('2026-12-01T15:13:00Z'));
    await bot.daily.runDue();
    expect(sender.posts.map((p) => p.localDate)).toEqual(['2026-12-01']);
    setNow(new Date('2026-12-02T08:59:00Z'));
    await bot.daily.runDue();
    expect(sender.posts).toHaveLength(1);
    setNow(new Date('2026-12-02T09:00:00Z'));
    await bot.daily.runDue();
    expect(sender.posts.map((p) => p.localDate)).toEqual(['2026-12-01', '2026-12-02']);
  });

  it('rotates fairly over a channel’s topics', async () => {
    const { bot, sender, setNow } = await clockedBot('2026-11-28T10:00:00Z');
    for (const topic of ['virtual try-on', 'style transfer', 'gan inversion'])
      await subscribe(bot.store, channel, topic, new Date());
    for (let day = 0; day < 6; day++) {
      setNow(new Date(Date.parse('2026-11-28T10:00:00Z') + day * DAY));
      await bot.daily.runDue();
    }
    const topics = sender.posts.map((p) => p.reply.topic);
    // Each topic in turn, in the order followed, then round again.
    expect(topics).toEqual([
      'virtual try-on',
      'style transfer',
      'gan inversion',
      'virtual try-on',
      'style transfer',
      'gan inversion',
    ]);
    expect(sender.posts[0]?.reply.paper.title).toMatch(/Try-?On/i);
  });

  it('never repeats a paper in 60 days, then says there is nothing left instead of repeating', async () => {
    const { bot, sender, setNow } = await clockedBot('2026-11-28T10:00:00Z');
    for (const topic of ['style transfer', 'virtual try-on', 'gan inversion', 'fashion'])
      await subscribe(bot.store, channel, topic, new Date());
    const other: Channel = { platform: 'slack', id: 'C2' };
    await updateDaily(bot.store, other, bot.dailyDefaults, { enabled: true }); // no topics: newest unseen
    for (let day = 0; day < 60; day++) {
      setNow(new Date(Date.parse('2026-11-28T10:00:00Z') + day * DAY));
      await bot.daily.runDue();
    }
    // Papers posted, not the one notice a channel gets when it runs dry.
    const ids = (id: string) =>
      sender.posts.filter((p) => p.channelId === id && p.reply.kind === 'daily').map((p) => p.reply.paper.id);
    for (const id of ['C1', 'C2']) expect(new Set(ids(id)).size).toBe(ids(id).length);
    expect(ids('C2')).toHaveLength(41);
    expect(ids('C1').length).toBeGreaterThan(10);
    expect(ids('C1').length).toBeLessThan(41);
    const last = bot.ledger.lastPost('slack:C1');
    expect(last?.status).toBe('skipped');
    expect(last?.error).toMatch(/no unseen paper matches/);
  });

  it('prefers new papers and falls back to the archive, marked as such, when nothing new matches', async () => {
    const paper = (id: string, published: string): Paper => ({
      id,
      title: `Gaussian splatting ${id}`,
      abstract: 'Gaussian splatting for scenes.',
      published,
      links: {},
      source: 'file',
    });
    const index = buildIndex([
      paper('old1', '2020-01-01'),
      paper('new1', '2026-11-25'),
      paper('old2', '2021-01-01'),
      paper('new2', '2026-11-27'),
    ]);
    const choose = createChooser(index, new Date('2026-11-28T10:00:00Z'));
    const seen = new Set<string>();
    const picks = [];
    for (let i = 0; i < 5; i++) {
      const choice = choose(['gaussian splatting'], seen, []);
      if ('reason' in choice) {
        picks.push(choice.reason);
        break;
      }
      seen.add(choice.paper.id);
      picks.push(`${choice.paper.id}${choice.archive ? ' (archive)' : ''}`);
    }
    expect(picks.slice(0, 2).sort()).toEqual(['new1', 'new2']);
    expect(picks.slice(2, 4).sort()).toEqual(['old1 (archive)', 'old2 (archive)']);
    expect(picks[4]).toMatch(/no unseen paper matches "gaussian splatting"/);
  });

  it('gives one post a day even when two schedulers share the data directory', async () => {
    const dir = tempDir();
    const at = () => new Date('2026-11-28T10:00:00Z');
    const first = await testBot(dir, at);
    await subscribe(first.store, channel, 'virtual try-on', new Date());
    // A second process: its own state, ledger connection and scheduler over the same files.
    const second = assembleBot({
      index: first.index,
      store: await openStore(join(dir, 'state.json')),
      ledger: openLedger(join(dir, 'daily.db')),
      timezone: 'UTC',
      now: at,
    });
    const sender = recorder();
    first.daily.useSender('slack', sender);
    second.daily.useSender('slack', sender);
    await Promise.all([
      first.daily.runDue(),
      second.daily.runDue(),
      first.daily.postNow(channel),
      second.daily.postNow(channel),
    ]);
    expect(sender.posts).toHaveLength(1);
  });

  it('pauses a channel that is gone, keeps its topics, posts for the others, and resumes on "daily on"', async () => {
    const { bot, setNow } = await clockedBot('2026-11-28T10:00:00Z');
    const gone: Channel = { platform: 'slack', id: 'GONE' };
    const sent: string[] = [];
    bot.daily.useSender('slack', {
      async send(post) {
        if (post.channelId === 'GONE') throw new ChannelGoneError('Slack channel_not_found');
        sent.push(post.channelId);
        return {};
      },
    });
    for (const c of [gone, channel, { platform: 'slack', id: 'C3' } as Channel])
      await subscribe(bot.store, c, 'style transfer', new Date());
    const results = await bot.daily.runDue();
    expect(results.get('slack:GONE')).toEqual({ status: 'paused', reason: 'Slack channel_not_found' });
    expect(sent.sort()).toEqual(['C1', 'C3']);
    expect(bot.store.read().subscriptions.filter((s) => s.channel === 'slack:GONE')).toHaveLength(1);
    expect(bot.daily.status().find((r) => r.channel === 'slack:GONE')?.paused).toBe('Slack channel_not_found');

    setNow(new Date('2026-11-29T10:00:00Z'));
    await bot.daily.runDue();
    expect(sent.filter((c) => c === 'GONE')).toEqual([]);
    const reply = await runLine('/paper daily on', { ...contextFor(bot), channel: gone });
    expect(plain('text' in reply ? reply.text : [])).toMatch(/Daily paper on/);
    expect(bot.ledger.pauses().has('slack:GONE')).toBe(false);
  });

  it('retries a transient failure and posts once', async () => {
    const { bot } = await clockedBot('2026-11-28T10:00:00Z');
    const noWait = assembleBot({ ...bot, timezone: 'UTC', sleep: async () => undefined });
    let calls = 0;
    noWait.daily.useSender('slack', {
      async send() {
        calls += 1;
        if (calls === 1) throw new Error('socket hang up');
        return { messageId: 'm1' };
      },
    });
    await subscribe(bot.store, channel, 'style transfer', new Date());
    const outcome = await noWait.daily.postNow(channel);
    expect(outcome.status).toBe('sent');
    expect(calls).toBe(2);
    expect(bot.ledger.post('slack:C1', '2026-11-28')?.status).toBe('sent');
  }, 20_000);
});

describe('daily settings through commands', () => {
  it('sets time and zone, refuses bad ones with an example, and shows the setting in /subscriptions', async () => {
    const bot = await testBot();
    const ctx = contextFor(bot);
    const text = async (line: string) => {
      const reply = await runLine(line, ctx);
      return 'text' in reply ? plain(reply.text) : reply.kind;
    };
    expect(await text('/paper daily 8:30 europe/berlin')).toBe('Daily paper set: every day at 08:30 (Europe/Berlin).');
    expect(await text('/paper daily 7:75')).toMatch(/not a time like 08:30/);
    expect(await text('/paper daily 08:00 Mars/Olympus')).toMatch(
      /time zone Mars\/Olympus\. Use a name like Europe\/Berlin/,
    );
    expect(await text('/paper daily 08:00 America/New York')).toBe(
      'Daily paper set: every day at 08:00 (America/New_York).',
    );
    await runLine('/subscribe gan', ctx);
    expect(await text('/subscriptions')).toMatch(/Daily paper: every day at 08:00 \(America\/New_York\)\./);
    expect(await text('/paper daily off')).toMatch(/Daily paper off/);
    expect(await text('/subscriptions')).toMatch(/Daily paper: off\./);
    expect(bot.daily.status()).toEqual([]);
    const refused = await runLine('/paper daily 09:00 UTC', contextFor(bot, { canManageChannel: false }));
    expect(refused.kind).toBe('error');
  });

  it('stores 👍 / 👎 per channel and person', async () => {
    const bot = await testBot();
    const reply = await runLine('/feedback x', contextFor(bot));
    expect(reply.kind).toBe('error');
    const { runCommand } = await import('../src/commands/dispatch.js');
    await runCommand('feedback', { paper: 'p1', vote: 'up' }, contextFor(bot, { user: 'U1' }));
    await runCommand('feedback', { paper: 'p1', vote: 'down' }, contextFor(bot, { user: 'U1' }));
    await runCommand('feedback', { paper: 'p1', vote: 'up' }, contextFor(bot, { user: 'U2' }));
    expect(bot.ledger.votes('discord:123')).toEqual([
      { paperId: 'p1', user: 'U1', vote: 'down' },
      { paperId: 'p1', user: 'U2', vote: 'up' },
    ]);
  });
});

describe('the daily post', () => {
  it('shortens the abstract on a sentence boundary', () => {
    const text = 'First sentence here. Second one is a bit longer than the first. Third sentence ends it.';
    expect(shortAbstract(text, 70)).toBe('First sentence here. Second one is a bit longer than the first. …');
    expect(shortAbstract(text, 500)).toBe(text);
    expect(shortAbstract(`${'x'.repeat(50)} ${'y'.repeat(900)}`, 600).length).toBeLessThanOrEqual(600);
  });
});

describe('papers a channel saved', () => {
  it('never come back as its daily paper', async () => {
    const todaysPaper = async (saveFirst?: string) => {
      const bot = await testBot();
      const sender = recorder();
      bot.daily.useSender('discord', sender);
      await subscribe(bot.store, { platform: 'discord', id: '123' }, 'virtual try-on', bot.now());
      if (saveFirst) await runLine(`/paper save ${saveFirst}`, contextFor(bot));
      await runLine('/paper daily now', contextFor(bot));
      const [post] = sender.posts;
      return post?.reply.kind === 'daily' ? post.reply.paper.id : undefined;
    };
    const unsaved = await todaysPaper();
    expect(unsaved).toBeDefined();
    const afterSaving = await todaysPaper(unsaved);
    expect(afterSaving).toBeDefined();
    expect(afterSaving).not.toBe(unsaved);
  });
});
