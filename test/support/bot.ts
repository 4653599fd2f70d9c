import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandContext } from '../../src/commands/table.js';
import { assembleBot, type Bot } from '../../src/core/bot.js';
import type { Channel } from '../../src/core/channel.js';
import { openLedger } from '../../src/daily/ledger.js';
import { openStore } from '../../src/state/store.js';
import { seeds } from './seeds.js';

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'paperbot-test-'));

/** A bot on the seed papers with its state in a fresh folder (or the one given, to "restart" on it). */
export async function testBot(
  dir = tempDir(),
  now: () => Date = () => new Date('2026-11-28T09:00:00Z'),
): Promise<Bot & { dir: string }> {
  const store = await openStore(join(dir, 'state.json'));
  const ledger = openLedger(join(dir, 'daily.db'));
  return Object.assign(assembleBot({ index: seeds().index, store, ledger, timezone: 'UTC', now }), { dir });
}

export const channel: Channel = { platform: 'discord', id: '123' };

export function contextFor(bot: Bot, overrides: Partial<CommandContext> = {}): CommandContext {
  return { bot, channel, canManageChannel: true, ...overrides };
}
