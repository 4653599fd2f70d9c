import { describe, expect, it } from 'vitest';
import { parseLine, runCommand, runLine } from '../src/commands/dispatch.js';
import { typedCommandsOn, usage } from '../src/commands/table.js';
import { plain, type Reply } from '../src/core/reply.js';
import { contextFor, testBot } from './support/bot.js';

const run = async (line: string, canManageChannel = true) => {
  const bot = await testBot();
  return runLine(line, contextFor(bot, { canManageChannel }));
};
const textOf = (reply: Reply) => ('text' in reply ? plain(reply.text) : '');

describe('the command table', () => {
  it('derives help from the table: every command once, with its usage', async () => {
    const reply = await run('/help');
    expect(reply.kind).toBe('help');
    if (reply.kind !== 'help') return;
    expect(reply.commands.map((c) => c.usage)).toEqual([
      '/paper <query>',
      '/paper ask <question>',
      '/paper similar <paper>',
      '/paper summarize <paper>',
      '/paper new [topic]',
      '/paper trending',
      '/paper top [week | month]',
      '/subscribe <topic>',
      '/unsubscribe <topic>',
      '/subscriptions',
      '/paper daily [HH:MM [time zone] | off | on | now]',
      '/paper digest [weekly <day> [HH:MM [time zone]] | off]',
      '/paper history [query]',
      '/paper save <paper, id or link> [note]',
      '/paper list [query | export [bib|ris]]',
      '/paper read <paper>',
      '/paper unsave <paper>',
      '/paper cite <paper>',
      '/help',
    ]);
    expect(reply.commands.map((c) => c.usage)).toEqual(typedCommandsOn('discord').map(usage));
  });

  it('reads "/paper ask", "/ask" and "paper ask" as the same command', () => {
    expect(parseLine('/paper ask why?')).toEqual({ name: 'ask', text: 'why?' });
    expect(parseLine('/ask why?')).toEqual({ name: 'ask', text: 'why?' });
    expect(parseLine('paper  ask  why?')).toEqual({ name: 'ask', text: 'why?' });
    expect(parseLine('/paper subscribe virtual try-on')).toEqual({ name: 'subscribe', text: 'virtual try-on' });
    expect(parseLine('/paper style transfer')).toEqual({ name: 'paper', text: 'style transfer' });
  });
});

describe('/paper', () => {
  it('answers with the first page of five papers and a next-page action', async () => {
    const reply = await run('/paper style transfer');
    expect(reply.kind).toBe('papers');
    if (reply.kind !== 'papers') return;
    expect(reply.hits).toHaveLength(5);
    expect(reply.page).toBe(1);
    expect(reply.prev).toBeUndefined();
    expect(reply.next).toEqual({ command: 'paper', args: { query: 'style transfer', page: 2 } });
  });

  it('runs the next-page action to the next five papers, with a way back', async () => {
    const bot = await testBot();
    const first = await runLine('/paper style transfer', contextFor(bot));
    if (first.kind !== 'papers' || !first.next) throw new Error('expected a page with more');
    const second = await runCommand(first.next.command, first.next.args, contextFor(bot));
    if (second.kind !== 'papers') throw new Error('expected a page');
    expect(second.page).toBe(2);
    expect(second.prev).toEqual({ command: 'paper', args: { query: 'style transfer', page: 1 } });
    const firstIds = new Set(first.hits.map((h) => h.paper.id));
    for (const hit of second.hits) expect(firstIds.has(hit.paper.id)).toBe(false);
  });

  it('says how it read a misspelled query', async () => {
    const reply = await run('/paper stylgan inversoin');
    expect(reply.kind === 'papers' && reply.correctedQuery).toBe('stylegan inversion');
  });

  it('answers an empty query with its usage', async () => {
    for (const line of ['/paper', '/paper    ', '/paper \u200b\u200b']) {
      const reply = await run(line);
      expect(reply).toMatchObject({
        kind: 'error',
        usage: { name: 'paper', arguments: ['query'], usage: '/paper <query>' },
      });
    }
  });

  it('refuses a query over 300 characters with a clear limit', async () => {
    const reply = await run(`/paper ${'style '.repeat(60)}x`);
    expect(reply.kind).toBe('error');
    expect(textOf(reply)).toMatch(/longer than 300 characters/);
  });

  it('strips control and zero-width characters before searching', async () => {
    const clean = await run('/paper virtual try-on');
    const dirty = await run('/paper vir\u200btual\u0007 try-on\u202e');
    expect(dirty.kind).toBe('papers');
    if (clean.kind !== 'papers' || dirty.kind !== 'papers') return;
    expect(dirty.hits.map((h) => h.paper.id).slice(0, 3)).toEqual(clean.hits.map((h) => h.paper.id).slice(0, 3));
  });

  it('says plainly when nothing matches', async () => {
    const reply = await run('/paper qqqxxzz');
    expect(reply.kind).toBe('notice');
    expect(textOf(reply)).toMatch(/No papers match/);
  });

  it('searches words typed without a command', async () => {
    const reply = await run('virtual try-on');
    expect(reply.kind).toBe('papers');
  });
});

describe('unknown commands', () => {
  it('get the help, headed by what went wrong and a suggestion for a near miss', async () => {
    const reply = await run('/subscirbe x');
    expect(reply.kind).toBe('help');
    if (reply.kind !== 'help') return;
    expect(plain(reply.intro ?? [])).toBe('I do not know the command subscirbe. Did you mean /subscribe <topic>?');
    expect(reply.commands.length).toBeGreaterThan(5);
    const far = await run('/frobnicate');
    expect(far.kind === 'help' && plain(far.intro ?? [])).toBe('I do not know the command frobnicate.');
  });

  it('strips zero-width characters inside words and keeps what was meant', async () => {
    const bot = await testBot();
    await runLine('/subscribe vir\u200btual\u200d try-on\u0007', contextFor(bot));
    expect(bot.store.read().subscriptions.map((s) => s.topic)).toEqual(['virtual try-on']);
  });

  it('refuses a topic longer than 100 characters and stores nothing', async () => {
    const bot = await testBot();
    const reply = await runLine(`/subscribe ${'x'.repeat(101)}`, contextFor(bot));
    expect(reply.kind).toBe('error');
    expect(textOf(reply)).toMatch(/longer than 100 characters/);
    expect(bot.store.read().subscriptions).toEqual([]);
  });
});

describe('/paper ask and /paper similar', () => {
  it('answer a question with cited sentences', async () => {
    const reply = await run('/paper ask How many GAN architectures does StudioGAN support?');
    expect(reply.kind).toBe('answer');
    if (reply.kind !== 'answer') return;
    expect(reply.citations[0]?.text).toContain('7 GAN architectures');
  });

  it('say so when the abstracts hold no answer', async () => {
    expect((await run('/paper ask How tall is Mount Everest?')).kind).toBe('no-answer');
  });

  it('list papers like a given one, never the paper itself', async () => {
    const reply = await run('/paper similar LaDI-VTON');
    expect(reply.kind).toBe('papers');
    if (reply.kind !== 'papers') return;
    const titles = reply.hits.map((h) => h.paper.title);
    expect(titles.some((t) => t.startsWith('LaDI-VTON'))).toBe(false);
    // The two other virtual try-on papers are among the three most like it.
    expect(titles.slice(0, 3).filter((t) => /try-on/i.test(t))).toHaveLength(2);
  });

  it('tell the person when no paper matches what they named', async () => {
    expect(await run('/paper similar qqqxxzz')).toMatchObject({ kind: 'error' });
  });
});

describe('subscribing through commands', () => {
  it('subscribes, lists and unsubscribes', async () => {
    const bot = await testBot();
    const ctx = contextFor(bot);
    expect(textOf(await runLine('/subscribe Virtual Try-On', ctx))).toMatch(
      /Subscribed this channel to virtual try-on/,
    );
    expect(textOf(await runLine('/subscribe virtual try-on', ctx))).toMatch(/already follows/);
    expect(textOf(await runLine('/subscriptions', ctx))).toBe(
      'This channel follows 1 topic: virtual try-on. Daily paper: every day at 09:00 (UTC).',
    );
    expect(textOf(await runLine('/unsubscribe virtual try-on', ctx))).toMatch(/Unsubscribed/);
    expect(textOf(await runLine('/subscriptions', ctx))).toMatch(/no topics yet/);
  });

  it('refuses someone who cannot manage the channel, and changes nothing', async () => {
    const bot = await testBot();
    const reply = await runLine('/subscribe gan inversion', contextFor(bot, { canManageChannel: false }));
    expect(reply.kind).toBe('error');
    expect(textOf(reply)).toMatch(/manage this channel/);
    expect(bot.store.read().subscriptions).toEqual([]);
  });

  it('keeps user text apart from the bot’s words so renderers can escape it', async () => {
    const reply = await run('/subscribe @everyone **bold**');
    expect(reply.kind === 'notice' && reply.text).toContainEqual({ untrusted: '@everyone **bold**' });
  });
});
