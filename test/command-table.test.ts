import { describe, expect, it } from 'vitest';
import type { Conversation } from '../src/commands/command.js';
import { runLine } from '../src/commands/dispatch.js';
import { commands } from '../src/commands/table.js';
import type { Reply } from '../src/core/reply.js';
import { contextFor, testBot } from './support/bot.js';

const console = { platform: 'console', id: 'local' } as const;
const usages = (reply: Reply) => (reply.kind === 'help' ? reply.commands.map((c) => c.usage) : []);

describe('commands by surface', () => {
  it("lists the console's own commands in the console's help, and nowhere else", async () => {
    const bot = await testBot();
    const onConsole = usages(await runLine('/help', contextFor(bot, { channel: console })));
    expect(onConsole).toEqual(expect.arrayContaining(['/paper <query>', '/more', '/back', '/quit', '/help']));
    for (const platform of ['discord', 'slack'] as const) {
      const elsewhere = usages(await runLine('/help', contextFor(bot, { channel: { platform, id: 'C1' } })));
      expect(elsewhere).not.toContain('/more');
      expect(elsewhere).toContain('/paper <query>');
    }
  });

  it('reads a console command elsewhere as what it was before: "/paper more" searches on Slack', async () => {
    const bot = await testBot();
    const reply = await runLine('/paper more', contextFor(bot, { channel: { platform: 'slack', id: 'C1' } }));
    expect(reply).toMatchObject({
      kind: 'notice',
      text: ['No papers match ', { untrusted: 'more' }, expect.any(String)],
    });
    expect(await runLine('/quit', contextFor(bot))).toMatchObject({ kind: 'help' });
  });

  it('pages and ends through the conversation the console keeps, by name or alias', async () => {
    const bot = await testBot();
    const turned: string[] = [];
    let ended = false;
    const conversation: Conversation = {
      turnPage: async (direction) => {
        turned.push(direction);
        return direction === 'next' ? { kind: 'notice', text: ['page 2'] } : undefined;
      },
      end: () => {
        ended = true;
      },
    };
    const context = contextFor(bot, { channel: console, conversation });
    expect(await runLine('/more', context)).toEqual({ kind: 'notice', text: ['page 2'] });
    expect(await runLine('next', context)).toEqual({ kind: 'notice', text: ['page 2'] });
    expect(await runLine('/back', context)).toEqual({ kind: 'error', text: ['There is no other page to show.'] });
    expect(turned).toEqual(['next', 'next', 'prev']);
    await runLine('exit', context);
    expect(ended).toBe(true);
  });

  it('has one entry per name, and no alias that is also a name', () => {
    const names = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
  });
});
