import { createRequire } from 'node:module';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningAdapter } from '../adapters/running.js';
import { startPlatforms, stopAll } from '../app/start.js';
import { type Bot, startBot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import { tempDir } from './support/bot.js';
import { paperbot } from './support/cli.js';
import { consoleChat } from './support/console-chat.js';
import { startDiscordBot } from './support/discord-bot.js';
import { CHANNEL_ID, type FakeDiscord } from './support/fake-discord.js';
import { buttonClick, type FakeSlack, slashCommand, startFakeSlack } from './support/fake-slack.js';
import { seeds } from './support/seeds.js';

const bibEntries = (content: string) => {
  const library = parseBibtex(content, { english: false });
  expect(library.errors).toEqual([]);
  return library.entries;
};
const [first, second] = seeds().papers;

describe('the reading list on Discord', () => {
  let fake: FakeDiscord;
  let bot: Bot;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ fake, bot, stop } = await startDiscordBot());
  });
  afterAll(async () => {
    await stop?.();
  });

  it('saves with a Save button and /save, lists, and exports the list as a .bib attachment', async () => {
    const search = await fake.send(fake.command('paper', [{ name: 'query', value: 'style transfer' }]));
    const buttons = search.body.data.components.flatMap((row: { components: object[] }) => row.components);
    const save = buttons.find((b: { label: string }) => b.label.startsWith('Save '));
    expect(save.custom_id).toMatch(/^pb/);
    const saved = await fake.send(fake.button(save.custom_id, fake.messageFrom(search.body.data)));
    expect(saved.body.data.flags).toBe(64);
    expect(saved.body.data.content).toMatch(/^Saved .* to this channel's reading list\.$/);

    const typed = await fake.send(
      fake.command('save', [
        { name: 'paper', value: second!.id },
        { name: 'note', value: 'for Friday' },
      ]),
    );
    expect(typed.body.data.content).toMatch(/with your note\.$/);

    const list = await fake.send(fake.command('list'));
    expect(list.body.data.content).toMatch(/^\*\*This channel's reading list\*\* · page 1 of 1 \(2 papers\)/);
    expect(list.body.data.embeds).toHaveLength(2);
    expect(list.body.data.embeds[0].description).toContain('**Note: **for Friday');

    const exported = fake.send(fake.command('list', [{ name: 'query', value: 'export' }]));
    const upload = await fake.waitFor((r) => (r.files?.length ?? 0) > 0);
    await exported;
    expect(upload.files![0]).toMatchObject({ field: 'files[0]', name: 'reading-list.bib' });
    expect(upload.body.content ?? upload.body.data?.content).toMatch(/reading list, 2 papers, as BibTeX/);
    expect(bibEntries(upload.files![0]!.content)).toHaveLength(2);
    expect(bot.readingList.list(`discord:${CHANNEL_ID}`)).toHaveLength(2);
  });

  it('cites a paper as a BibTeX code block', async () => {
    const cite = await fake.send(fake.command('cite', [{ name: 'paper', value: first!.id }]));
    const description: string = cite.body.data.embeds[0].description;
    expect(description).toMatch(/^```\n@misc\{/);
    expect(bibEntries(description.replace(/^```\n|\n```$/g, ''))).toHaveLength(1);
  });
});

describe('the reading list on Discord, in a process running Slack too', () => {
  it('exports the .bib attachment when Slack’s undici (another major) is the default HTTP agent', async () => {
    // Slack's Socket Mode brings undici 7, which makes itself the process-wide agent when it loads before
    // discord.js's first request; a .bib upload through it failed ("action is not a function"). The slot is the
    // one discord.js's undici reads; it is put back after, for the files that share this thread.
    const slot = Symbol.for('undici.globalDispatcher.1');
    const before = (globalThis as Record<symbol, unknown>)[slot];
    const fromSocketMode = createRequire(
      createRequire(createRequire(import.meta.url).resolve('@slack/bolt')).resolve('@slack/socket-mode'),
    );
    const slackUndici = fromSocketMode('undici') as typeof import('undici');
    slackUndici.setGlobalDispatcher(new slackUndici.Agent());
    const { fake, stop } = await startDiscordBot();
    try {
      await fake.send(fake.command('save', [{ name: 'paper', value: first!.id }]));
      const exported = fake.send(fake.command('list', [{ name: 'query', value: 'export' }]));
      const upload = await fake.waitFor((r) => (r.files?.length ?? 0) > 0);
      await exported;
      expect(upload.files![0]).toMatchObject({ field: 'files[0]', name: 'reading-list.bib' });
      expect(bibEntries(upload.files![0]!.content)).toHaveLength(1);
    } finally {
      await stop();
      if (before !== undefined) (globalThis as Record<symbol, unknown>)[slot] = before;
    }
  });
});

describe('the reading list on Slack', () => {
  let fake: FakeSlack;
  let bot: Bot;
  let running: RunningAdapter[];
  beforeAll(async () => {
    fake = await startFakeSlack();
    const config = loadConfig({
      DATA_DIR: tempDir(),
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_APP_TOKEN: fake.appToken,
      SLACK_API_URL: fake.apiUrl,
    });
    bot = await startBot(config);
    running = await startPlatforms(bot, config);
    await fake.until(() => fake.connected());
  });
  afterAll(async () => {
    await stopAll(running ?? []);
    await fake?.close();
  });

  const posts = () => fake.calls.filter((c) => c.method === 'chat.postMessage');
  async function command(text: string) {
    const before = posts().length;
    await fake.sendEnvelope('slash_commands', slashCommand(text, fake.responseUrl()));
    await fake.until(() => posts().length > before);
    return posts()[before]!.body;
  }

  it('saves with a Save button and /paper save, lists, and uploads the list with files.uploadV2', async () => {
    const search = await command('style transfer');
    const row = search.blocks.findLast((b: { type: string }) => b.type === 'actions');
    const save = row.elements.find((e: { action_id: string }) => e.action_id.startsWith('pb_save'));
    expect(save.text.text).toMatch(/^Save /);
    const responseUrl = fake.responseUrl();
    await fake.sendEnvelope('interactive', buttonClick(save, { ts: '1.1', blocks: search.blocks }, responseUrl));
    await fake.until(() => fake.responses.some((r) => responseUrl.endsWith(r.path)));
    const answer = fake.responses.find((r) => responseUrl.endsWith(r.path))!.body;
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toMatch(/^Saved /);

    const typed = await command(`save "${second!.title}" for Friday`);
    expect(typed.text).toMatch(/with your note\.$/);

    const list = await command('list');
    expect(list.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: "This channel's reading list" },
    });
    expect(JSON.stringify(list.blocks)).toContain('*Note: *for Friday');

    await fake.sendEnvelope('slash_commands', slashCommand('list export', fake.responseUrl()));
    await vi.waitFor(() => expect([...fake.files.values()][0]?.channel).toBe('C03E94MKU'));
    const methods = fake.calls.map((c) => c.method).filter((m) => m.startsWith('files.'));
    expect(methods).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    const [file] = fake.files.values();
    expect(file).toMatchObject({ filename: 'reading-list.bib', channel: 'C03E94MKU', title: 'reading-list.bib' });
    expect(file!.comment).toMatch(/reading list, 2 papers, as BibTeX/);
    expect(bibEntries(file!.content!)).toHaveLength(2);
  });
});

describe('the reading list in the console and the CLI', () => {
  it('saves, lists and prints the export in the console chat', async () => {
    const chat = await consoleChat();
    chat.push(`/paper save ${first!.title}`);
    expect(await chat.pop()).toMatch(/^Saved /);
    chat.push('/paper list');
    expect(await chat.pop()).toMatch(/^This channel's reading list · page 1 of 1 \(1 paper\)/);
    chat.push('/paper list export');
    const printed = await chat.pop();
    expect(bibEntries(printed.slice(printed.indexOf('@misc')))).toHaveLength(1);
    await chat.close();
  });

  it('saves with `paperbot save` and writes the .bib to stdout with `paperbot list export`', async () => {
    const env = { DATA_DIR: tempDir(), LOG_LEVEL: 'silent' };
    const saved = await paperbot(['save', first!.title], { env });
    expect(saved.stdout).toMatch(/^Saved /);
    const exported = await paperbot(['list', 'export'], { env });
    expect(exported.code).toBe(0);
    expect(bibEntries(exported.stdout).map((e) => e.fields.title)).toHaveLength(1);
  }, 30_000);
});
