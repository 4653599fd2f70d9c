import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerCommands } from '../adapters/discord/register.js';
import type { RunningAdapter } from '../adapters/running.js';
import { startPlatforms } from '../app/start.js';
import { type Bot, startBot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import { StartupError } from '../src/core/errors.js';
import { tempDir } from './support/bot.js';
import { startDiscordBot } from './support/discord-bot.js';
import { CHANNEL_ID, type FakeDiscord, WITHOUT_MANAGE_CHANNELS } from './support/fake-discord.js';
import { captureLog } from './support/log-records.js';

let fake: FakeDiscord;
let bot: Bot;
let running: RunningAdapter[];
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ fake, bot, running, stop } = await startDiscordBot());
});

afterAll(async () => {
  await stop?.();
});

const EPHEMERAL = 64;

describe('Discord, through discord.js against a local fake', () => {
  it('logs in with the Guilds intent only', async () => {
    expect(running.map((r) => r.name)).toEqual(['discord']);
    const gateway = fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gateway?.headers.authorization).toBe(`Bot ${fake.token}`);
  });

  it('answers /paper virtual try-on with the three try-on papers as embeds, visible to the channel, with paging buttons', async () => {
    const answer = await fake.send(fake.command('paper', [{ name: 'query', value: 'virtual try-on' }]));
    expect(answer.body.type).toBe(4);
    const data = answer.body.data;
    expect(data.flags ?? 0).toBe(0);
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(data.content).toMatch(/^\*\*Papers for “virtual try-on”\*\* · page 1 of \d+/);
    expect(data.embeds.length).toBeGreaterThanOrEqual(3);
    expect(data.embeds.length).toBeLessThanOrEqual(5);
    expect(
      data.embeds
        .slice(0, 3)
        .map((e: { title: string }) => e.title.split(':')[0])
        .sort(),
    ).toEqual(['High-Fidelity Virtual Try-on with Large-Scale Unpaired Learning', 'LaDI-VTON', 'TryOn-Adapter']);
    const ladi = data.embeds.find((e: { title: string }) => e.title.startsWith('LaDI-VTON'));
    expect(ladi.url).toBe('https://github.com/miccunifi/ladi-vton');
    expect(ladi.description).toMatch(/\*\*[Vv]irtual\*\* \*\*[Tt]ry-[Oo][Nn]\*\*/);
    expect(ladi.description).toContain('[Code](https://github.com/miccunifi/ladi-vton)');
    expect(ladi.footer.text).toMatch(/^id: ladi-vton-/);
  });

  it('puts Prev / Next buttons under a result with more than one page, carrying the next page in the custom_id', async () => {
    const answer = await fake.send(fake.command('paper', [{ name: 'query', value: 'style transfer' }]));
    const [row] = answer.body.data.components;
    expect(answer.body.data.embeds).toHaveLength(5);
    expect(row.components.map((b: { label: string; disabled: boolean }) => [b.label, b.disabled])).toEqual([
      ['◀ Prev', true],
      ['Next ▶', false],
    ]);
    expect(row.components[1].custom_id).toBe('pb:paper{"query":"style transfer","page":2}');
  });

  it('pages with the Next button by updating the message it came from', async () => {
    const first = await fake.send(fake.command('paper', [{ name: 'query', value: 'style transfer' }]));
    const next = first.body.data.components[0].components[1];
    const click = await fake.send(fake.button(next.custom_id, fake.messageFrom(first.body.data)));
    expect(click.body.type).toBe(7);
    expect(click.body.data.content).toMatch(/page 2 of/);
    const firstTitles = first.body.data.embeds.map((e: { title: string }) => e.title);
    for (const embed of click.body.data.embeds) expect(firstTitles).not.toContain(embed.title);
    expect(click.body.data.components[0].components[0]).toMatchObject({
      label: '◀ Prev',
      disabled: false,
      custom_id: 'pb:paper{"query":"style transfer","page":1}',
    });
  });

  it('stores a 👍 on a daily post per channel and person, and thanks the clicker alone', async () => {
    const click = await fake.send(
      fake.button(
        'pb["feedback","studiogan-a-taxonomy-and-d5e43c","up"]',
        fake.messageFrom({ content: "📄 Today's paper" }),
      ),
    );
    expect(click.body.type).toBe(4);
    expect(click.body.data.flags).toBe(EPHEMERAL);
    expect(click.body.data.content).toMatch(/Thanks/);
    expect(bot.ledger.votes(`discord:${CHANNEL_ID}`)).toEqual([
      { paperId: 'studiogan-a-taxonomy-and-d5e43c', user: '410212090289192960', vote: 'up' },
    ]);
  });

  it('answers "More like this" to the clicker alone, leaving the daily post as it was', async () => {
    const click = await fake.send(
      fake.button(
        'pb["similar","ladi-vton-latent-diffusion-268c86"]',
        fake.messageFrom({ content: "📄 Today's paper" }),
      ),
    );
    expect(click.body.type).toBe(4);
    expect(click.body.data.flags).toBe(EPHEMERAL);
    expect(click.body.data.content).toMatch(/^\*\*Papers like “LaDI-VTON/);
  });

  it('keeps paging for a query too long for a custom_id, by storing it', async () => {
    const query = `style transfer ${'with diffusion models and text guidance '.repeat(3)}`.trim();
    const first = await fake.send(fake.command('paper', [{ name: 'query', value: query }]));
    const next = first.body.data.components[0]?.components[1];
    expect(next.custom_id.length).toBeLessThanOrEqual(100);
    const click = await fake.send(fake.button(next.custom_id, fake.messageFrom(first.body.data)));
    expect(click.body.data.content).toMatch(/page 2 of/);
  });

  it('answers /ask with the sentence and a numbered citation linking to the paper', async () => {
    const answer = await fake.send(
      fake.command('ask', [{ name: 'question', value: 'How many GAN architectures does StudioGAN support?' }]),
    );
    const description = answer.body.data.embeds[0].description as string;
    expect(description).toMatch(
      /StudioGAN supports 7 GAN architectures.*\[\[1\]\]\(https:\/\/github\.com\/POSTECH-CVLab\/PyTorch-StudioGAN\)/,
    );
    expect(description).toMatch(/\*\*Sources\*\*\n1\. \[StudioGAN: A Taxonomy/);
  });

  it('offers at most 25 autocomplete choices of at most 100 characters, also for an empty or odd prefix', async () => {
    for (const [command, option, value] of [
      ['similar', 'paper', 'hyper'],
      ['similar', 'paper', ''],
      ['subscribe', 'topic', 'fash'],
      ['subscribe', 'topic', '\u200b<@&1>**'],
      ['unsubscribe', 'topic', 'x'.repeat(300)],
    ] as const) {
      const answer = await fake.send(fake.autocomplete(command, option, value));
      expect(answer.body.type).toBe(8);
      const { choices } = answer.body.data;
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const choice of choices) {
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(choice.value.length).toBeLessThanOrEqual(100);
      }
      if (command === 'similar' && value === 'hyper') expect(choices[0].name).toMatch(/^HyperStyle/);
      if (command === 'similar' && value === '') expect(choices).toHaveLength(25);
      if (value === 'fash') expect(choices.map((c: { value: string }) => c.value)).toContain('fashion');
    }
  });

  it('lets a member with Manage Channels subscribe, and refuses one without it, changing nothing', async () => {
    const refused = await fake.send(
      fake.command('subscribe', [{ name: 'topic', value: 'gan inversion' }], { permissions: WITHOUT_MANAGE_CHANNELS }),
    );
    expect(refused.body.data.flags).toBe(EPHEMERAL);
    expect(refused.body.data.content).toMatch(/manage this channel/);
    expect(bot.store.read().subscriptions).toEqual([]);

    const accepted = await fake.send(fake.command('subscribe', [{ name: 'topic', value: 'Virtual Try-On' }]));
    expect(accepted.body.data.content).toBe('Subscribed this channel to “virtual try-on”. It follows 1 topic now.');
    expect(bot.store.read().subscriptions).toEqual([
      expect.objectContaining({ channel: `discord:${CHANNEL_ID}`, topic: 'virtual try-on' }),
    ]);
    const listed = await fake.send(fake.command('subscriptions'));
    expect(listed.body.data.content).toMatch(/virtual try-on/);
    const choices = await fake.send(fake.autocomplete('unsubscribe', 'topic', 'try'));
    expect(choices.body.data.choices).toEqual([{ name: 'virtual try-on', value: 'virtual try-on' }]);
  });

  it('never pings or breaks formatting with a query full of mentions and markdown', async () => {
    const nasty = '@everyone <@410212090289192960> <@&123> **bold** [click](https://evil.example) `code` @here';
    const answer = await fake.send(fake.command('paper', [{ name: 'query', value: nasty }]));
    const data = answer.body.data;
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(data.content).not.toMatch(/@everyone|@here|<@\d|<@&|(?<!\\)\[click\]\(/);
    expect(data.content).toContain('\\*\\*bold\\*\\*');
    expect(data.content).toContain('\\`code\\`');
  });

  it('answers searches in a direct message, and refuses channel settings there', async () => {
    const answer = await fake.send(fake.directMessage('paper', [{ name: 'query', value: 'HyperStyle' }]));
    expect(answer.body.data.embeds[0].title).toMatch(/^HyperStyle/);
    const refused = await fake.send(fake.directMessage('subscribe', [{ name: 'topic', value: 'gan' }]));
    expect(refused.body.data.flags).toBe(EPHEMERAL);
  });

  it('answers errors and help only to the asker', async () => {
    const empty = await fake.send(fake.command('paper', [{ name: 'query', value: '   ' }]));
    expect(empty.body.data.flags).toBe(EPHEMERAL);
    expect(empty.body.data.content).toMatch(/Tell me the query\.\nUsage: `\/paper query:`/);
    const help = await fake.send(fake.command('help'));
    expect(help.body.data.flags).toBe(EPHEMERAL);
    expect(help.body.data.embeds[0].description).toMatch(/`\/ask question:` /);
    const unknown = await fake.send(fake.command('frobnicate'));
    expect(unknown.body.data.flags).toBe(EPHEMERAL);
  });

  it('retries a reply that hits a 500 once, so the person still gets the answer', async () => {
    fake.fail(/^POST \/interactions\/\d+\/[^/]+\/callback$/, 500, 1);
    const asked = fake.command('paper', [{ name: 'query', value: 'hair transfer' }]);
    await fake.send(asked);
    const answered = await fake.waitFor(
      (r) =>
        r.path.startsWith(`/interactions/${asked.id}/`) &&
        r !== fake.requests.find((x) => x.path.startsWith(`/interactions/${asked.id}/`)),
    );
    expect(answered.body.data.embeds[0].title).toMatch(/^HairFastGAN/);
  });

  it('keeps running when Discord keeps failing: the next interaction is answered', async () => {
    fake.fail(/^POST \/interactions\/\d+\/[^/]+\/callback$/, 500, 20);
    const lost = fake.command('paper', [{ name: 'query', value: 'font generation' }]);
    const logged = captureLog('error');
    try {
      await fake.send(lost);
      // Wait until the bot has given the lost one up, rather than a while that a slow machine may overrun.
      const gaveUp = (r: Record<string, unknown>) =>
        r.msg === 'discord interaction failed' && r.interaction === lost.id;
      await vi.waitFor(() => expect(logged.records.some(gaveUp)).toBe(true), { timeout: 20_000, interval: 20 });
    } finally {
      logged.stop();
    }
    fake.clearFailures();
    const next = await fake.send(fake.command('paper', [{ name: 'query', value: 'font generation' }]));
    expect(next.body.data.embeds[0].title).toMatch(/Font Generation/);
  });
});

describe('Discord start-up and registration', () => {
  it('stops start-up with a clear message when the token is rejected', async () => {
    const config = loadConfig({ DISCORD_TOKEN: 'wrong-token', DISCORD_API_URL: fake.apiUrl, DATA_DIR: tempDir() });
    const attempt = startPlatforms(await startBot(config), config);
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toThrow(/Discord rejected DISCORD_TOKEN/);
  });

  it('registers every command of the core table with one bulk PUT, the same body every time', async () => {
    const first = await registerCommands({ token: fake.token, apiUrl: fake.apiUrl, guildId: '42' });
    expect(first).toEqual({ count: 19, scope: 'guild 42', applicationId: fake.applicationId });
    await registerCommands({ token: fake.token, apiUrl: fake.apiUrl, guildId: '42' });
    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((p) => p.path)).toEqual([
      `/applications/${fake.applicationId}/guilds/42/commands`,
      `/applications/${fake.applicationId}/guilds/42/commands`,
    ]);
    expect(puts[0]!.body).toEqual(puts[1]!.body);
    const body = puts[0]!.body as {
      name: string;
      options: { name: string; required: boolean; autocomplete: boolean }[];
      default_member_permissions: string | null;
    }[];
    expect(body.map((c) => c.name)).toEqual([
      'paper',
      'ask',
      'similar',
      'summarize',
      'new',
      'trending',
      'top',
      'subscribe',
      'unsubscribe',
      'subscriptions',
      'daily',
      'digest',
      'history',
      'save',
      'list',
      'read',
      'unsave',
      'cite',
      'help',
    ]);
    expect(body[0]!.options[0]).toMatchObject({ name: 'query', type: 3, required: true, autocomplete: false });
    expect(body.find((c) => c.name === 'similar')!.options[0]!.autocomplete).toBe(true);
    expect(body.find((c) => c.name === 'subscribe')!.default_member_permissions).toBe('16');
    expect(body.find((c) => c.name === 'paper')!.default_member_permissions).toBeNull();
    for (const command of body) expect(JSON.stringify(command)).not.toMatch(/"description":"[^"]{101,}"/);
    await registerCommands({ token: fake.token, apiUrl: fake.apiUrl });
    expect(fake.requests.filter((r) => r.method === 'PUT').at(-1)!.path).toBe(
      `/applications/${fake.applicationId}/commands`,
    );
  });
});
