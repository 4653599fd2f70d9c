import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { discordRest } from '../adapters/discord/rest.js';
import { discordSender } from '../adapters/discord/sender.js';
import { dailyClient, slackSender } from '../adapters/slack/sender.js';
import { assembleBot, type Bot } from '../src/core/bot.js';
import type { Channel } from '../src/core/channel.js';
import { keepingClaim } from '../src/daily/lease.js';
import { LEASE_MS, type Ledger, openLedger } from '../src/daily/ledger.js';
import type { Sender } from '../src/daily/service.js';
import { openStore } from '../src/state/store.js';
import { subscribe } from '../src/state/subscriptions.js';
import { tempDir } from './support/bot.js';
import { type FakeDiscord, startFakeDiscord } from './support/fake-discord.js';
import { type FakeSlack, startFakeSlack } from './support/fake-slack.js';
import { seeds } from './support/seeds.js';

const T0 = Date.parse('2026-11-28T10:00:00Z');
// Short, so an answer held back longer than this is lost without the test waiting 30 s.
const CLIENT_TIMEOUT_MS = 200;

let discord: FakeDiscord;
let slack: FakeSlack;
beforeAll(async () => {
  [discord, slack] = await Promise.all([startFakeDiscord(), startFakeSlack()]);
});
afterAll(async () => {
  await Promise.all([discord?.close(), slack?.close()]);
});

type Platform = 'slack' | 'discord';

/** A bot on the data directory, as a process started on it would be; scheduler retries do not wait. */
async function boot(dir: string, at = T0): Promise<Bot> {
  const store = await openStore(join(dir, 'state.json'));
  const ledger = openLedger(join(dir, 'daily.db'));
  const now = () => new Date(at);
  return assembleBot({ index: seeds().index, store, ledger, timezone: 'UTC', now, sleep: async () => {} });
}

function senderFor(platform: Platform, bot: Bot): Sender {
  if (platform === 'slack') return slackSender(dailyClient(slack.botToken, slack.apiUrl, CLIENT_TIMEOUT_MS));
  return discordSender(discordRest(discord.token, discord.apiUrl), bot);
}

const posts = (platform: Platform, id: string) =>
  (platform === 'slack' ? slack.channelMessages : discord.channelMessages).get(id)?.length ?? 0;

/** A subscribed channel in a fresh data directory. */
async function subscribed(platform: Platform, id: string): Promise<{ dir: string; channel: Channel }> {
  const dir = tempDir();
  const channel: Channel = { platform, id };
  const bot = await boot(dir);
  await subscribe(bot.store, channel, 'style transfer', new Date(T0));
  bot.ledger.close();
  return { dir, channel };
}

/**
 * Runs a post that stops dead at a crash point, before sending or once the platform has the post, and leaves
 * the claim to `holder`, as the process that crashed holding it.
 */
async function crash(dir: string, channel: Channel, point: 'before send' | 'after send', holder: string) {
  const bot = await boot(dir);
  const real = senderFor(channel.platform as Platform, bot);
  let reached!: () => void;
  const crashed = new Promise<void>((resolve) => (reached = resolve));
  bot.daily.useSender(channel.platform, {
    async send(post) {
      if (point === 'after send') await real.send(post);
      reached();
      return new Promise(() => {}); // the process is gone: nothing after this runs
    },
  });
  void bot.daily.postNow(channel);
  await crashed;
  bot.ledger.close();
  const db = new Database(join(dir, 'daily.db'));
  db.prepare('UPDATE posts SET owner = ?').run(holder);
  db.close();
}

/** A holder on this host whose process has exited. */
const deadHere = () => `${hostname()}:${spawnSync(process.execPath, ['-e', '']).pid}:crashed`;

/** Starts the bot again on the same data directory and posts; a second try must find the post done. */
async function restart(dir: string, channel: Channel, at = T0) {
  const bot = await boot(dir, at);
  bot.daily.useSender(channel.platform, senderFor(channel.platform as Platform, bot));
  const outcome = await bot.daily.postNow(channel);
  const again = await bot.daily.postNow(channel);
  bot.ledger.close();
  return { outcome, again };
}

const postCalls = (platform: Platform, id: string) =>
  platform === 'slack'
    ? slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === id).length
    : discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${id}/messages`).length;

describe.each([
  ['slack', 'CCRASHA', 'CCRASHB'],
  ['discord', '401', '402'],
] as const)('%s: a crash at any point of the daily post leaves exactly one message', (platform, before, after) => {
  it('crash before sending, then a restart: one message', async () => {
    const { dir, channel } = await subscribed(platform, before);
    await crash(dir, channel, 'before send', deadHere());
    expect(posts(platform, before)).toBe(0);
    const { outcome, again } = await restart(dir, channel);
    expect(outcome.status).toBe('sent');
    expect(again.status).toBe('already');
    expect(posts(platform, before)).toBe(1);
  });

  it('crash after sending, before recording, then a restart: the post is found, not sent again', async () => {
    const { dir, channel } = await subscribed(platform, after);
    await crash(dir, channel, 'after send', deadHere());
    // Discord forgets nonces within minutes; the restart may come hours later.
    discord.forgetNonces();
    const { outcome, again } = await restart(dir, channel);
    expect(outcome.status).toBe('sent');
    expect(again.status).toBe('already');
    expect(posts(platform, after)).toBe(1);
    expect(postCalls(platform, after)).toBe(1);
  });
});

describe('Slack: a post made whose answer is lost is not sent again', () => {
  it.each([
    ['HTTP 500', 'http500', 'CLOST500'],
    ['a reset connection', 'reset', 'CLOSTRESET'],
    ['an answer slower than the client timeout', 'late', 'CLOSTLATE'],
  ] as const)('%s: the client does not resend; the scheduler finds the post in the history', async (_, way, id) => {
    const { dir, channel } = await subscribed('slack', id);
    const bot = await boot(dir);
    bot.daily.useSender('slack', senderFor('slack', bot));
    slack.loseAnswers(way, 1, CLIENT_TIMEOUT_MS * 5);
    const outcome = await bot.daily.postNow(channel);
    bot.ledger.close();
    expect(outcome.status).toBe('sent');
    expect(outcome.status === 'sent' && outcome.messageId).toBe(slack.channelMessages.get(id)?.[0].ts);
    expect(posts('slack', id)).toBe(1);
    expect(postCalls('slack', id)).toBe(1);
    expect(slack.calls.some((c) => c.method === 'conversations.history' && c.body.channel === id)).toBe(true);
  });

  it('in a public channel it posted in uninvited, it joins to read the history, and does not resend', async () => {
    const { dir, channel } = await subscribed('slack', 'CLOSTOUTSIDE');
    const bot = await boot(dir);
    bot.daily.useSender('slack', senderFor('slack', bot));
    slack.loseAnswers('http500', 1);
    slack.fail('conversations.history', { error: 'not_in_channel' }, 1);
    const outcome = await bot.daily.postNow(channel);
    bot.ledger.close();
    expect(outcome.status).toBe('sent');
    expect(posts('slack', 'CLOSTOUTSIDE')).toBe(1);
    expect(slack.calls.some((c) => c.method === 'conversations.join' && c.body.channel === 'CLOSTOUTSIDE')).toBe(true);
  });

  it('a 429 is sent again (Slack refused it), once the client has waited out Retry-After', async () => {
    const { dir, channel } = await subscribed('slack', 'CLIMITED');
    const bot = await boot(dir);
    bot.daily.useSender('slack', senderFor('slack', bot));
    slack.fail('chat.postMessage', { status: 429, retryAfter: 0 });
    const outcome = await bot.daily.postNow(channel);
    bot.ledger.close();
    expect(outcome.status).toBe('sent');
    expect(posts('slack', 'CLIMITED')).toBe(1);
    expect(postCalls('slack', 'CLIMITED')).toBe(2);
  });
});

describe('a crash on another host', () => {
  it('is taken over once its claim has gone a lease unrenewed, and the post it made is found', async () => {
    const { dir, channel } = await subscribed('discord', '403');
    await crash(dir, channel, 'after send', 'other-host:4242:crashed');
    discord.forgetNonces();
    expect((await restart(dir, channel, T0 + LEASE_MS - 1000)).outcome.status).toBe('already');
    const { outcome } = await restart(dir, channel, T0 + LEASE_MS + 1000);
    expect(outcome.status).toBe('sent');
    expect(posts('discord', '403')).toBe(1);
  });

  it('a live process on this host that stopped renewing (hung) loses its claim after ten leases', async () => {
    const { dir, channel } = await subscribed('discord', '404');
    const hung = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      await crash(dir, channel, 'after send', `${hostname()}:${hung.pid}:hung`);
      discord.forgetNonces();
      expect((await restart(dir, channel, T0 + 5 * LEASE_MS)).outcome.status).toBe('already');
      const { outcome } = await restart(dir, channel, T0 + 11 * LEASE_MS);
      expect(outcome.status).toBe('sent');
      expect(posts('discord', '404')).toBe(1);
    } finally {
      hung.kill();
    }
  });

  it('a holder whose claim was taken over while it waited to retry stops instead of sending', async () => {
    const { dir, channel } = await subscribed('slack', 'CFENCED');
    const store = await openStore(join(dir, 'state.json'));
    const ledger = openLedger(join(dir, 'daily.db'));
    let attempts = 0;
    const bot = assembleBot({
      index: seeds().index,
      store,
      ledger,
      timezone: 'UTC',
      now: () => new Date(T0),
      // While this process waits to retry, a host that thought it dead takes the claim over.
      sleep: async () => {
        const db = new Database(join(dir, 'daily.db'));
        db.prepare("UPDATE posts SET owner = 'other-host:4242:alive'").run();
        db.close();
      },
    });
    bot.daily.useSender('slack', {
      async send() {
        attempts += 1;
        throw new Error('socket hang up');
      },
    });
    const outcome = await bot.daily.postNow(channel);
    ledger.close();
    expect(outcome.status).toBe('already');
    expect(attempts).toBe(1);
  });
});

describe('keeping a claim while sending', () => {
  it('renews the claim every quarter lease until the send is done', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const renewals: number[] = [];
      const ledger = { renew: (_c: string, _d: string, now: number) => renewals.push(now) > 0 } as unknown as Ledger;
      let finish!: () => void;
      const sending = keepingClaim(
        ledger,
        'slack:C1',
        '2026-11-28',
        () => new Date(T0),
        () => new Promise<void>((resolve) => (finish = resolve)),
      );
      vi.advanceTimersByTime(LEASE_MS);
      finish();
      await sending;
      vi.advanceTimersByTime(LEASE_MS);
      expect(renewals).toEqual([T0, T0, T0, T0]);
    } finally {
      vi.useRealTimers();
    }
  });
});
