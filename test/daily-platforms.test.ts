import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordRest } from '../adapters/discord/rest.js';
import { discordSender } from '../adapters/discord/sender.js';
import { tempDir, testBot } from './support/bot.js';
import { paperbot, spawnPaperbot } from './support/cli.js';
import { type FakeDiscord, startFakeDiscord } from './support/fake-discord.js';
import { type FakeSlack, startFakeSlack } from './support/fake-slack.js';
import { slackFanOut } from './support/fan-out.js';

let discord: FakeDiscord;
let slack: FakeSlack;
beforeAll(async () => {
  [discord, slack] = await Promise.all([startFakeDiscord(), startFakeSlack()]);
});
afterAll(async () => {
  await Promise.all([discord?.close(), slack?.close()]);
});

/** Runs `paperbot daily now --channel …` and SIGKILLs it once the platform has the post but before it hears back. */
async function crashAfterSend(env: Record<string, string>, channel: string, sent: () => boolean): Promise<void> {
  const child = spawnPaperbot(['daily', 'now', '--channel', channel], env);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await expect.poll(sent, { timeout: 20_000, interval: 20 }).toBe(true);
  child.kill('SIGKILL');
  await exited;
}

describe('exactly one daily post, through the real platform clients', () => {
  it('Discord: a process killed between sending and recording, then restarted, leaves one post (nonce)', async () => {
    const env = {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DATA_DIR: tempDir(),
      LOG_LEVEL: 'silent',
    };
    discord.hold((r) => r.path === '/channels/111/messages');
    await crashAfterSend(env, 'discord:111', () => (discord.channelMessages.get('111')?.length ?? 0) > 0);
    discord.hold(undefined);
    const restarted = await paperbot(['daily', 'now', '--channel', 'discord:111'], { env });
    expect(restarted.stdout).toMatch(/^discord:111: posted "/);
    const again = await paperbot(['daily', 'now', '--channel', 'discord:111'], { env });
    expect(again.stdout).toMatch(/already sent today/);
    expect(discord.channelMessages.get('111')).toHaveLength(1);
    const [message] = discord.channelMessages.get('111')!;
    expect(message.content).toMatch(/Today's paper/);
    expect(
      message.components[0].components.map(
        (b: { label?: string; emoji?: { name: string } }) => b.label ?? b.emoji?.name,
      ),
    ).toEqual(['More like this', '👍', '👎']);
  });

  it('Slack: a process killed between sending and recording, then restarted, finds its post in the history', async () => {
    const env = {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_API_URL: slack.apiUrl,
      SLACK_SIGNING_SECRET: 'unused',
      DATA_DIR: tempDir(),
      LOG_LEVEL: 'silent',
    };
    slack.hold((call) => call.method === 'chat.postMessage' && call.body.channel === 'CCRASH');
    await crashAfterSend(env, 'slack:CCRASH', () => (slack.channelMessages.get('CCRASH')?.length ?? 0) > 0);
    slack.hold(undefined);
    const restarted = await paperbot(['daily', 'now', '--channel', 'slack:CCRASH'], { env });
    expect(restarted.stdout).toMatch(/^slack:CCRASH: posted "/);
    expect(slack.channelMessages.get('CCRASH')).toHaveLength(1);
    expect(slack.calls.some((c) => c.method === 'conversations.history' && c.body.channel === 'CCRASH')).toBe(true);
  });

  it('Discord: a deleted channel (10003) is paused while the others post', async () => {
    const bot = await testBot(tempDir(), () => new Date('2026-11-28T10:00:00Z'));
    bot.daily.useSender('discord', discordSender(discordRest(discord.token, discord.apiUrl), bot));
    discord.goneChannels.add('404');
    const { subscribe } = await import('../src/state/subscriptions.js');
    for (const id of ['404', '201', '202'])
      await subscribe(bot.store, { platform: 'discord', id }, 'style transfer', new Date());
    const results = await bot.daily.runDue();
    expect(results.get('discord:404')?.status).toBe('paused');
    expect(results.get('discord:201')?.status).toBe('sent');
    expect(results.get('discord:202')?.status).toBe('sent');
    expect(discord.channelMessages.get('404')).toBeUndefined();
  });

  // The 1,000-channel version, with real one-second Retry-Afters, is `npm run bench` (bench/fan-out.ts).
  it('50 Slack channels against a fake answering 429 to every fifth call: 50 posts, none doubled', async () => {
    const fanOut = await slackFanOut(slack, {
      channels: 50,
      rateLimitEvery: 5,
      retryAfterSeconds: 0,
      retryConfig: webApi.retryPolicies.rapidRetryPolicy,
    });
    expect(fanOut.apiCalls).toBeGreaterThan(50); // some calls were refused and retried
    expect([...fanOut.results.values()].filter((r) => r.status === 'sent')).toHaveLength(50);
    for (const id of fanOut.channels) expect(slack.channelMessages.get(id)).toHaveLength(1);
  });
});
