import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAdapter } from '../adapters/running.js';
import { startPlatforms, stopAll } from '../app/start.js';
import { type Bot, startBot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import { StartupError } from '../src/core/errors.js';
import { tempDir } from './support/bot.js';
import { type FakeSlack, slashCommand, startFakeSlack } from './support/fake-slack.js';

type Block = {
  type: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; text?: { text: string } | string }[];
};
const sectionTexts = (blocks: Block[]) => blocks.filter((b) => b.type === 'section').map((b) => b.text!.text);
const posts = (fake: FakeSlack) => fake.calls.filter((c) => c.method === 'chat.postMessage');

async function startWith(env: Record<string, string>) {
  const config = loadConfig({ DATA_DIR: tempDir(), ...env });
  const bot = await startBot(config);
  const running = await startPlatforms(bot, config);
  return { bot, running };
}

describe('Slack in Socket Mode, through Bolt against a local fake', () => {
  let fake: FakeSlack;
  let running: RunningAdapter[];

  beforeAll(async () => {
    fake = await startFakeSlack();
    ({ running } = await startWith({
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_APP_TOKEN: fake.appToken,
      SLACK_API_URL: fake.apiUrl,
    }));
    await fake.until(() => fake.connected());
  });
  afterAll(async () => {
    await stopAll(running ?? []);
    await fake?.close();
  });

  async function command(text: string) {
    const before = posts(fake).length;
    const responseUrl = fake.responseUrl();
    await fake.sendEnvelope('slash_commands', slashCommand(text, responseUrl));
    await fake.until(() => posts(fake).length > before || fake.responses.some((r) => responseUrl.endsWith(r.path)));
    return { post: posts(fake)[before], response: fake.responses.find((r) => responseUrl.endsWith(r.path))?.body };
  }

  it('answers /paper virtual try-on in the channel with the three try-on papers in Block Kit', async () => {
    const { post } = await command('virtual try-on');
    expect(post?.body.channel).toBe('C03E94MKU');
    const blocks = post!.body.blocks as Block[];
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Papers for “virtual try-on”' } });
    const sections = sectionTexts(blocks);
    expect(sections.length).toBeGreaterThanOrEqual(3);
    const title = (text: string) =>
      text
        .split('\n')[0]!
        .replace(/^\*(?:<[^|]+\|)?/, '')
        .replace(/>?\*$/, '');
    expect(
      sections
        .slice(0, 3)
        .map((t) => title(t).split(':')[0])
        .sort(),
    ).toEqual(['High-Fidelity Virtual Try-on with Large-Scale Unpaired Learning', 'LaDI-VTON', 'TryOn-Adapter']);
    expect(sections.find((t) => t.includes('LaDI-VTON'))).toMatch(
      /^\*<https:\/\/github\.com\/miccunifi\/ladi-vton\|LaDI-VTON: /,
    );
    expect(sections.join('\n')).toMatch(/\*[Vv]irtual\* \*[Tt]ry-[Oo][Nn]\*/);
    expect(blocks.length).toBeLessThanOrEqual(50);
  });

  it('puts a Next button carrying the next page under a result with more than one page', async () => {
    const { post } = await command('style transfer');
    const blocks = post!.body.blocks as Block[];
    expect(sectionTexts(blocks)).toHaveLength(5);
    const actions = blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual([
      'pb_next',
      'pb_save_1',
      'pb_save_2',
      'pb_save_3',
      'pb_save_4',
      'pb_save_5',
    ]);
    expect(JSON.parse(actions.elements![0]!.value!)).toEqual({
      command: 'paper',
      args: { query: 'style transfer', page: 2 },
    });
  });

  it('pages with block_actions, replacing the message the button is on', async () => {
    const { post } = await command('style transfer');
    const next = (post!.body.blocks as Block[]).find((b) => b.type === 'actions')!.elements![0]!;
    const responseUrl = fake.responseUrl();
    await fake.sendEnvelope('interactive', {
      type: 'block_actions',
      user: { id: 'U111', username: 'researcher', team_id: 'T111' },
      api_app_id: 'A111',
      token: 'x',
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C03E94MKU', is_ephemeral: false },
      trigger_id: '1.2.3',
      team: { id: 'T111', domain: 'research' },
      channel: { id: 'C03E94MKU', name: 'papers' },
      message: { type: 'message', ts: '1700000000.000100', text: '', blocks: post!.body.blocks },
      response_url: responseUrl,
      actions: [
        {
          action_id: next.action_id,
          block_id: 'b1',
          value: next.value,
          type: 'button',
          action_ts: '1700000001.0',
          text: { type: 'plain_text', text: 'Next ▶' },
        },
      ],
    });
    await fake.until(() => fake.responses.some((r) => responseUrl.endsWith(r.path)));
    const update = fake.responses.find((r) => responseUrl.endsWith(r.path))!.body;
    expect(update.replace_original).toBe(true);
    expect(JSON.stringify(update.blocks)).toMatch(/Page 2 of/);
    const buttons = (update.blocks as Block[]).find((b) => b.type === 'actions')!.elements!.map((e) => e.action_id);
    expect(buttons[0]).toBe('pb_prev');
  });

  it('answers /paper ask with numbered citations', async () => {
    const { post } = await command('ask How many GAN architectures does StudioGAN support?');
    const [answer] = sectionTexts(post!.body.blocks);
    expect(answer).toMatch(
      /StudioGAN supports 7 GAN architectures.*<https:\/\/github\.com\/POSTECH-CVLab\/PyTorch-StudioGAN\|\[1\]>/,
    );
  });

  it('escapes a query full of <!channel> and <@U1> so nobody is pinged', async () => {
    const { post } = await command('<!channel> <@U1> <!here> style & transfer');
    const blocks = post!.body.blocks as Block[];
    // Everything Slack renders; a button's value is data handed back to us, never shown.
    const shown = JSON.stringify(blocks.filter((b) => b.type !== 'actions')) + post!.body.text;
    expect(shown).not.toMatch(/<!channel>|<@U1>|<!here>/);
    expect(shown).toContain('&lt;!channel&gt; &lt;@U1&gt;');
    const next = blocks.find((b) => b.type === 'actions')?.elements?.[0]?.value;
    if (next) expect(JSON.parse(next).args.query).toBe('<!channel> <@U1> <!here> style & transfer');
  });

  it('shows help and errors only to the asker, through the response_url', async () => {
    const { response, post } = await command('help');
    expect(post).toBeUndefined();
    expect(response.response_type).toBe('ephemeral');
    expect(sectionTexts(response.blocks)[0]).toMatch(/`\/paper ask <question>`/);
    expect(sectionTexts(response.blocks)[0]).toMatch(/`\/paper subscribe <topic>`/);
    const empty = await command('');
    expect(empty.response.response_type).toBe('ephemeral');
    expect(empty.response.text).toMatch(/Tell me the query\.\nUsage: `\/paper <query>`/);
  });

  it('retries a 429 after Retry-After, then posts', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const before = posts(fake).length;
    await fake.sendEnvelope('slash_commands', slashCommand('hair transfer', fake.responseUrl()));
    await fake.until(() => posts(fake).length >= before + 2, 10_000);
    expect(
      posts(fake)
        .slice(before)
        .map((c) => (c.body.blocks as Block[])[0]!.text!.text),
    ).toEqual(['Papers for “hair transfer”', 'Papers for “hair transfer”']);
  });

  it('tells the asker to invite the bot when it is not in the channel', async () => {
    fake.fail('chat.postMessage', { error: 'not_in_channel' });
    const { response } = await command('font generation');
    await fake.until(() => fake.responses.at(-1)?.body.text?.includes('invite'));
    expect(fake.responses.at(-1)!.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/invite me with `\/invite @paperbot`/),
    });
    expect(response).toBeUndefined();
  });
});

describe('Slack over HTTP with request signing, subscriptions limited to admins', () => {
  // The real captured request (shared/fixtures) was signed with this example secret in 2018.
  const fixtureBody = readFileSync(new URL('./fixtures/captured/slack-slash-command.txt', import.meta.url), 'utf8');
  const fixtureHeaders = JSON.parse(
    readFileSync(new URL('./fixtures/captured/slack-slash-command.headers.json', import.meta.url), 'utf8'),
  );
  const secret: string = fixtureHeaders.signing_secret;
  let fake: FakeSlack;
  let bot: Bot;
  let running: RunningAdapter[];
  let url: string;

  beforeAll(async () => {
    fake = await startFakeSlack({ admins: ['UADMIN'] });
    ({ bot, running } = await startWith({
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      SLACK_SUBSCRIBE_ALLOWED: 'admins',
    }));
    url = `http://127.0.0.1:${(running[0] as RunningAdapter & { port: number }).port}/slack/events`;
  });
  afterAll(async () => {
    await stopAll(running ?? []);
    await fake?.close();
  });

  const sign = (body: string, timestamp: number, key = secret) =>
    `v0=${createHmac('sha256', key).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const post = (body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
  const signed = (fields: Record<string, string>, key = secret) => {
    const body = new URLSearchParams(fields).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    return post(body, {
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': sign(body, timestamp, key),
    });
  };

  it('answers a signed slash command', async () => {
    const before = posts(fake).length;
    const res = await signed(slashCommand('virtual try-on', fake.responseUrl()));
    expect(res.status).toBe(200);
    await fake.until(() => posts(fake).length > before);
    expect(sectionTexts(posts(fake)[before]!.body.blocks).slice(0, 3).join('|')).toMatch(
      /TryOn-Adapter[\s\S]*LaDI-VTON|LaDI-VTON[\s\S]*TryOn-Adapter/,
    );
  });

  it('rejects a wrong signature and runs nothing', async () => {
    const before = fake.calls.length;
    const res = await signed(slashCommand('virtual try-on', fake.responseUrl()), 'not-the-secret');
    expect(res.status).toBe(401);
    // Work the refused request had started would reach Slack before that of a good one sent after it: wait for
    // the good one's post, then the only call since must be that post.
    await signed(slashCommand('font generation', fake.responseUrl()));
    await fake.until(() => fake.calls.length > before);
    expect(fake.calls.slice(before).map((c) => [c.method, (c.body.blocks as Block[])[0]!.text!.text])).toEqual([
      ['chat.postMessage', 'Papers for “font generation”'],
    ]);
  });

  it('rejects the real captured request: its signature is right but its timestamp is years old', async () => {
    const expected = createHmac('sha256', secret)
      .update(`v0:${fixtureHeaders['X-Slack-Request-Timestamp']}:${fixtureBody}`)
      .digest('hex');
    expect(fixtureHeaders['X-Slack-Signature']).toBe(`v0=${expected}`);
    const before = fake.calls.length;
    const res = await post(fixtureBody, {
      'X-Slack-Request-Timestamp': fixtureHeaders['X-Slack-Request-Timestamp'],
      'X-Slack-Signature': fixtureHeaders['X-Slack-Signature'],
    });
    expect(res.status).toBe(401);
    expect(fake.calls.length).toBe(before);
  });

  it('refuses /paper subscribe from a non-admin, changing nothing, and accepts it from an admin', async () => {
    const responseUrl = fake.responseUrl();
    await signed(slashCommand('subscribe virtual try-on', responseUrl, { user_id: 'U111' }));
    await fake.until(() => fake.responses.some((r) => responseUrl.endsWith(r.path)));
    const refusal = fake.responses.find((r) => responseUrl.endsWith(r.path))!.body;
    expect(refusal).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/manage this channel/) });
    expect(bot.store.read().subscriptions).toEqual([]);

    const before = posts(fake).length;
    await signed(slashCommand('subscribe virtual try-on', fake.responseUrl(), { user_id: 'UADMIN' }));
    await fake.until(() => posts(fake).length > before);
    expect(posts(fake)[before]!.body.text).toBe('Subscribed this channel to “virtual try-on”. It follows 1 topic now.');
    expect(bot.store.read().subscriptions.map((s) => s.channel)).toEqual(['slack:C03E94MKU']);
    expect(fake.calls.filter((c) => c.method === 'users.info').map((c) => c.body.user)).toEqual(['U111', 'UADMIN']);
  });
});

describe('Slack start-up', () => {
  it('stops with a clear message when the bot token is rejected', async () => {
    const fake = await startFakeSlack();
    try {
      const attempt = startWith({
        SLACK_BOT_TOKEN: 'xoxb-wrong',
        SLACK_APP_TOKEN: fake.appToken,
        SLACK_API_URL: fake.apiUrl,
      });
      await expect(attempt).rejects.toBeInstanceOf(StartupError);
      await expect(attempt).rejects.toThrow(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/);
    } finally {
      await fake.close();
    }
  });

  it('needs an app token or a signing secret', async () => {
    await expect(startWith({ SLACK_BOT_TOKEN: 'xoxb-x' })).rejects.toThrow(
      /SLACK_APP_TOKEN .* or SLACK_SIGNING_SECRET/,
    );
  });
});
