import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RunningAdapter } from '../adapters/running.js';
import { manifestYaml, slackManifest } from '../adapters/slack/manifest.js';
import { startPlatforms, stopAll } from '../app/start.js';
import { type Bot, ledgerFile, startBot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import { type Installations, openInstallations } from '../src/state/installations.js';
import { subscribe, subscriptionsOf } from '../src/state/subscriptions.js';
import { tempDir } from './support/bot.js';
import { type FakeSlack, slashCommand, startFakeSlack } from './support/fake-slack.js';
import { postSigned, postSignedEvent } from './support/slack-http.js';

const CLIENT_ID = '1111111111.2222222222';
const CLIENT_SECRET = 'fake-client-secret';
const SIGNING_SECRET = 'fake-signing-secret';
const LAB = { id: 'T222', name: 'Lab Two' };

const postsTo = (fake: FakeSlack, channel: string) =>
  fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel);

describe('Slack distribution: OAuth install per workspace, through Bolt against a local fake', () => {
  let fake: FakeSlack;
  let bot: Bot;
  let running: RunningAdapter[];
  let installations: Installations;
  let base: string;
  let labToken: string;

  beforeAll(async () => {
    fake = await startFakeSlack({ oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, admins: ['U111'] });
    const config = loadConfig({
      DATA_DIR: tempDir(),
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: 'a-long-random-state-secret',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      // The workspace the bot served before distribution was turned on (T111) keeps its token.
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_API_URL: fake.apiUrl,
      SLACK_SUBSCRIBE_ALLOWED: 'admins',
      PORT: '0',
    });
    bot = await startBot(config);
    running = await startPlatforms(bot, config);
    base = `http://127.0.0.1:${(running[0] as RunningAdapter & { port: number }).port}`;
    // A second look at the same database, as another process would have.
    installations = openInstallations(ledgerFile(config));
  });
  afterAll(async () => {
    installations?.close();
    await stopAll(running ?? []);
    await fake?.close();
  });

  /** /slack/install: straight on to Slack's consent page, with the signed state in the URL and in a cookie. */
  async function startInstall() {
    const install = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    expect(install.status).toBe(302);
    const consent = new URL(install.headers.get('location')!);
    const cookie = install.headers.get('set-cookie')!.split(';')[0]!;
    return { consent, cookie, state: consent.searchParams.get('state')! };
  }

  async function command(text: string, team: string, channel: string) {
    const before = postsTo(fake, channel).length;
    const fields = slashCommand(text, fake.responseUrl(), { team_id: team, channel_id: channel });
    const ack = await postSigned(`${base}/slack/events`, SIGNING_SECRET, fields);
    expect(ack.status).toBe(200);
    await fake.until(() => postsTo(fake, channel).length > before || fake.responses.length > 0);
    return postsTo(fake, channel)[before];
  }

  it('sends /slack/install to Slack with the client id, the bot scopes and a state', async () => {
    const { consent, cookie, state } = await startInstall();
    expect(consent.origin + consent.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(consent.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(consent.searchParams.get('scope')?.split(',')).toEqual(slackManifest().oauth_config?.scopes?.bot);
    expect(state.length).toBeGreaterThan(20);
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);
  });

  it('refuses a redirect whose state is not from this browser, storing nothing', async () => {
    const { state } = await startInstall();
    const { code } = fake.authorizeCode({ id: 'T333', name: 'Elsewhere' });
    await fetch(`${base}/slack/oauth_redirect?code=${code}&state=${state}`);
    expect(await installations.find('T333')).toBeUndefined();
    expect(fake.calls.some((c) => c.method === 'oauth.v2.access')).toBe(false);
  });

  it("stores the workspace's installation when Slack sends the person back with a code", async () => {
    const { cookie, state } = await startInstall();
    const { code, token } = fake.authorizeCode(LAB);
    labToken = token;
    const done = await fetch(`${base}/slack/oauth_redirect?code=${code}&state=${state}`, { headers: { cookie } });
    expect(done.status).toBe(200);
    const exchange = fake.calls.find((c) => c.method === 'oauth.v2.access');
    expect(exchange?.body).toMatchObject({ code, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    const stored = await installations.find(LAB.id);
    expect(stored?.botToken).toBe(token);
    expect(stored?.installation).toMatchObject({
      team: LAB,
      bot: { token, userId: `UBOT${LAB.id}`, id: `BBOT${LAB.id}` },
      isEnterpriseInstall: false,
    });
  });

  it("answers a slash command from that workspace with that workspace's token", async () => {
    const post = await command('virtual try-on', LAB.id, 'C222');
    expect(post?.headers.authorization).toBe(`Bearer ${labToken}`);
    expect(await installations.workspaceOf('slack:C222')).toBe(LAB.id);
  });

  it('keeps answering the workspace of SLACK_BOT_TOKEN with that token', async () => {
    const post = await command('style transfer', 'T111', 'C111');
    expect(post?.headers.authorization).toBe(`Bearer ${fake.botToken}`);
  });

  it("sends each channel's daily post with its own workspace's token; a channel from before with SLACK_BOT_TOKEN", async () => {
    await command('subscribe virtual try-on', LAB.id, 'C222');
    await command('daily 08:30 Europe/Berlin', LAB.id, 'C222');
    // Whether the person is an admin is asked of their own workspace, with its token.
    const asked = fake.calls.filter((c) => c.method === 'users.info');
    expect(asked.map((c) => c.headers.authorization)).toContain(`Bearer ${labToken}`);
    // Subscribed before distribution: no workspace recorded for it.
    await subscribe(bot.store, { platform: 'slack', id: 'COLD' }, 'style transfer', new Date());
    expect((await bot.daily.postNow({ platform: 'slack', id: 'C222' })).status).toBe('sent');
    expect((await bot.daily.postNow({ platform: 'slack', id: 'COLD' })).status).toBe('sent');
    const daily = (channel: string) => postsTo(fake, channel).find((c) => c.body.metadata?.event_type);
    expect(daily('C222')?.headers.authorization).toBe(`Bearer ${labToken}`);
    expect(daily('COLD')?.headers.authorization).toBe(`Bearer ${fake.botToken}`);
  });

  it("forgets the workspace on app_uninstalled: its installation, its channels' topics and daily settings", async () => {
    expect(subscriptionsOf(bot.store, { platform: 'slack', id: 'C222' })).toHaveLength(1);
    expect(bot.store.read().dailies['slack:C222']).toBeDefined();
    fake.revoke(labToken);
    const event = {
      token: 'x',
      team_id: LAB.id,
      api_app_id: 'A111',
      type: 'event_callback',
      event_id: 'Ev0UNINSTALL',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_uninstalled' },
    };
    expect((await postSignedEvent(`${base}/slack/events`, SIGNING_SECRET, event)).status).toBe(200);
    await expect.poll(() => installations.find(LAB.id)).toBeUndefined();
    await expect.poll(() => subscriptionsOf(bot.store, { platform: 'slack', id: 'C222' })).toHaveLength(0);
    expect(bot.store.read().dailies['slack:C222']).toBeUndefined();
    expect(await installations.workspaceOf('slack:C222')).toBeUndefined();
    // The other workspaces are untouched.
    expect(subscriptionsOf(bot.store, { platform: 'slack', id: 'COLD' })).toHaveLength(1);
    expect(await installations.find('T111')).toBeDefined();
  });

  it('forgets a workspace whose bot token is revoked (tokens_revoked), not one that lost a user token', async () => {
    const { cookie, state } = await startInstall();
    const { code } = fake.authorizeCode({ id: 'T444', name: 'Lab Four' });
    await fetch(`${base}/slack/oauth_redirect?code=${code}&state=${state}`, { headers: { cookie } });
    expect(await installations.find('T444')).toBeDefined();
    const revoked = (tokens: object, id: string) =>
      postSignedEvent(`${base}/slack/events`, SIGNING_SECRET, {
        token: 'x',
        team_id: 'T444',
        api_app_id: 'A111',
        type: 'event_callback',
        event_id: id,
        event_time: Math.floor(Date.now() / 1000),
        event: { type: 'tokens_revoked', tokens },
      });
    await revoked({ oauth: ['U444'] }, 'Ev0USER');
    await new Promise((resolve) => setTimeout(resolve, 200)); // Bolt acks first, then runs the listener
    expect(await installations.find('T444')).toBeDefined();
    await revoked({ bot: ['UBOTT444'] }, 'Ev0BOT');
    await expect.poll(() => installations.find('T444')).toBeUndefined();
  });
});

describe('the Slack manifest for distribution', () => {
  it('points Slack at the public URL, with the OAuth redirect and the uninstall events', () => {
    const manifest = slackManifest('https://paperbot.example.org/');
    expect(manifest.oauth_config?.redirect_urls).toEqual(['https://paperbot.example.org/slack/oauth_redirect']);
    expect(manifest.settings?.event_subscriptions).toEqual({
      request_url: 'https://paperbot.example.org/slack/events',
      bot_events: ['link_shared', 'app_uninstalled', 'tokens_revoked'],
    });
    expect(manifest.settings?.socket_mode_enabled).toBe(false);
    expect(manifest.features?.slash_commands?.[0]?.url).toBe('https://paperbot.example.org/slack/events');
    expect(manifest.oauth_config?.scopes).toEqual(slackManifest().oauth_config?.scopes);
    expect(parse(manifestYaml('https://paperbot.example.org'))).toEqual(slackManifest('https://paperbot.example.org'));
  });
});
