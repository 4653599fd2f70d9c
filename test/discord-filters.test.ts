import { fileURLToPath } from 'node:url';
import { ApplicationCommandOptionType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommand, slashCommands } from '../adapters/discord/definitions.js';
import { ingestCommand } from '../app/ingest.js';
import { paper } from '../src/commands/paper.js';
import type { Bot } from '../src/core/bot.js';
import { startDiscordBot } from './support/discord-bot.js';
import type { FakeDiscord } from './support/fake-discord.js';

// 1,000 real arXiv CS papers from 1989 to 2001, with their categories and authors (see fixtures/captured/README.md).
const CORPUS = fileURLToPath(new URL('./fixtures/captured/arxiv-cs-20200101.first-1000.jsonl.gz', import.meta.url));
const EPHEMERAL = 64;

describe('the filters as options of the /paper slash command', () => {
  it('offers since (a whole number), year, category (suggested), author and sort (two choices) after the query', () => {
    const { options = [] } = slashCommand(paper);
    expect(options).toEqual([
      expect.objectContaining({ name: 'query', type: ApplicationCommandOptionType.String, required: true }),
      expect.objectContaining({
        name: 'since',
        type: ApplicationCommandOptionType.Integer,
        required: false,
        min_value: 1900,
        max_value: 2100,
      }),
      expect.objectContaining({ name: 'year', type: ApplicationCommandOptionType.String, required: false }),
      expect.objectContaining({
        name: 'category',
        type: ApplicationCommandOptionType.String,
        required: false,
        autocomplete: true,
      }),
      expect.objectContaining({ name: 'author', type: ApplicationCommandOptionType.String, required: false }),
      expect.objectContaining({
        name: 'sort',
        type: ApplicationCommandOptionType.String,
        required: false,
        choices: [
          { name: 'relevance', value: 'relevance' },
          { name: 'newest', value: 'newest' },
        ],
      }),
    ]);
    expect(options.find((o) => o.name === 'sort')).not.toHaveProperty('autocomplete');
  });

  it("keeps every command's options within Discord's limits", () => {
    for (const command of slashCommands()) {
      const options = command.options ?? [];
      expect(options.length).toBeLessThanOrEqual(25);
      // Discord refuses a required option after an optional one.
      const required = options.map((o) => ('required' in o ? Boolean(o.required) : false));
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      for (const option of options) {
        expect(option.name).toMatch(/^[a-z0-9_-]{1,32}$/);
        expect(option.description.length).toBeGreaterThan(0);
        expect(option.description.length).toBeLessThanOrEqual(100);
        const choices = 'choices' in option ? (option.choices ?? []) : [];
        expect(choices.length).toBeLessThanOrEqual(25);
      }
    }
  });
});

describe('/paper with filter options, through discord.js against a local fake', () => {
  let fake: FakeDiscord;
  let bot: Bot;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ fake, bot, stop } = await startDiscordBot(async (config) => {
      await ingestCommand(config, { what: 'file', rest: [CORPUS] }, () => undefined);
    }));
  });

  afterAll(async () => {
    await stop?.();
  });

  /** The papers a reply lists, by the id in each embed's footer. */
  const papersOf = (data: { embeds: { footer: { text: string } }[] }) =>
    data.embeds.map((embed) => {
      const id = /id: (\S+)/.exec(embed.footer.text)?.[1] ?? '';
      const found = bot.index.get(id);
      if (!found) throw new Error(`no paper ${id} in the library`);
      return found;
    });

  it('lists only the papers of the category from the year on, and the Next button keeps both filters', async () => {
    const answer = await fake.send(
      fake.command('paper', [
        { name: 'query', value: 'graph' },
        { name: 'since', value: 2000 },
        { name: 'category', value: 'cs.DM' },
      ]),
    );
    const data = answer.body.data;
    expect(data.flags ?? 0).toBe(0);
    expect(data.content).toMatch(/^\*\*Papers for “graph since:2000 category:cs\.DM”\*\* · page 1 of 3/);
    const first = papersOf(data);
    expect(first).toHaveLength(5);
    for (const found of first) {
      expect(found.published! >= '2000').toBe(true);
      expect(found.categories).toContain('cs.DM');
    }

    // Without the options, the same words find older papers and other categories.
    const unfiltered = papersOf(
      (await fake.send(fake.command('paper', [{ name: 'query', value: 'graph' }]))).body.data,
    );
    expect(unfiltered.some((p) => p.published! < '2000' || !p.categories?.includes('cs.DM'))).toBe(true);

    const next = data.components[0].components[1];
    expect(next.custom_id).toBe('pb:paper{"query":"graph since:2000 category:cs.DM","page":2}');
    const click = await fake.send(fake.button(next.custom_id, fake.messageFrom(data)));
    expect(click.body.type).toBe(7);
    expect(click.body.data.content).toMatch(/^\*\*Papers for “graph since:2000 category:cs\.DM”\*\* · page 2 of 3/);
    const second = papersOf(click.body.data);
    expect(second.length).toBeGreaterThan(0);
    for (const found of second) {
      expect(found.published! >= '2000').toBe(true);
      expect(found.categories).toContain('cs.DM');
      expect(first.map((p) => p.id)).not.toContain(found.id);
    }
  });

  it('reads the options exactly as the same filters typed into the query', async () => {
    const titles = async (options: { name: string; value: string | number }[]) =>
      papersOf((await fake.send(fake.command('paper', options))).body.data).map((p) => p.title);
    const typed = await titles([{ name: 'query', value: 'graph author:eppstein year:1999..2000 sort:new' }]);
    const picked = await titles([
      { name: 'query', value: 'graph' },
      { name: 'author', value: 'eppstein' },
      { name: 'year', value: '1999..2000' },
      { name: 'sort', value: 'newest' },
    ]);
    expect(typed.length).toBeGreaterThan(1);
    expect(picked).toEqual(typed);
    // A query of filters alone, typed into the query option, lists what they allow, newest first, as typed anywhere.
    const alone = papersOf(
      (await fake.send(fake.command('paper', [{ name: 'query', value: 'since:2001' }]))).body.data,
    );
    expect(alone.map((p) => p.published)).toEqual(
      alone
        .map((p) => p.published)
        .sort()
        .reverse(),
    );
    expect(alone.every((p) => p.published! >= '2001')).toBe(true);
  });

  it('suggests the categories the library holds while one is typed', async () => {
    const answer = await fake.send(fake.autocomplete('paper', 'category', 'cs.d'));
    expect(answer.body.type).toBe(8);
    const values = answer.body.data.choices.map((c: { value: string }) => c.value);
    expect(values).toEqual(expect.arrayContaining(['cs.DM', 'cs.DS', 'cs.DC', 'cs.DB']));
    for (const value of values) expect(value.toLowerCase().startsWith('cs.d')).toBe(true);
    const everything = await fake.send(fake.autocomplete('paper', 'category', ''));
    expect(everything.body.data.choices[0].value).toBe('cs.CC');
  });

  it('answers an option that is no filter of its kind to the asker alone, with the usage', async () => {
    const answer = await fake.send(
      fake.command('paper', [
        { name: 'query', value: 'graph' },
        { name: 'year', value: 'last year' },
      ]),
    );
    expect(answer.body.data.flags).toBe(EPHEMERAL);
    expect(answer.body.data.content).toMatch(
      /^⚠️ The year must be a year, e\.g\. 2018, or years.*\nUsage: `\/paper query:`/s,
    );
  });
});
