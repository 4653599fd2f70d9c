import { recallAction, rememberAction } from '../../src/actions.js';
import type { Bot } from '../../src/bot.js';
import { findCommand } from '../../src/dispatch.js';
import { textArgument } from '../../src/commands.js';
import type { Action } from '../../src/reply.js';

const MAX_CUSTOM_ID = 100;
const PREFIX = 'pb';

/**
 * A button's custom_id carries the action itself, `pb|<command>|<page>|<text>`, so a click works after a
 * restart with nothing stored. An action too long for Discord's 100 characters (a long query) is stored
 * and the id carries its key instead: `pb@<key>`.
 */
export async function encodeAction(bot: Bot, action: Action): Promise<string> {
  const command = findCommand(action.command);
  const argument = command && textArgument(command);
  const inline = argument ? `${PREFIX}|${action.command}|${action.args.page ?? 1}|${action.args[argument] ?? ''}` : undefined;
  if (inline && inline.length <= MAX_CUSTOM_ID) return inline;
  return `${PREFIX}@${await rememberAction(bot.store, action, bot.now())}`;
}

export function decodeAction(bot: Bot, customId: string): Action | undefined {
  if (customId.startsWith(`${PREFIX}@`)) return recallAction(bot.store, customId.slice(PREFIX.length + 1));
  const match = /^pb\|([a-z]+)\|(\d+)\|(.*)$/s.exec(customId);
  const command = match && findCommand(match[1]!);
  const argument = command && textArgument(command);
  if (!match || !argument) return undefined;
  return { command: command.name, args: { [argument]: match[3]!, page: Number(match[2]) } };
}
