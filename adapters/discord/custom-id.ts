import { recallAction, rememberAction } from '../../src/commands/actions.js';
import type { Bot } from '../../src/core/bot.js';
import { findCommand } from '../../src/commands/dispatch.js';
import type { Action } from '../../src/core/reply.js';

const MAX_CUSTOM_ID = 100;

/**
 * A button's custom_id carries the action itself, `pb` + JSON `[command, ...argument values]` in the order
 * of the command's arguments, so a click works after a restart with nothing stored. An action too long for
 * Discord's 100 characters (a long query) is stored and the id carries its key instead: `pb@<key>`.
 */
export async function encodeAction(bot: Bot, action: Action): Promise<string> {
  const command = findCommand(action.command);
  if (command) {
    const values = Object.keys(command.args.shape).map((name) => action.args[name] ?? null);
    while (values.length && values.at(-1) === null) values.pop();
    const inline = `pb${JSON.stringify([action.command, ...values])}`;
    if (inline.length <= MAX_CUSTOM_ID) return inline;
  }
  return `pb@${await rememberAction(bot.store, action, bot.now())}`;
}

export function decodeAction(bot: Bot, customId: string): Action | undefined {
  if (customId.startsWith('pb@')) return recallAction(bot.store, customId.slice(3));
  if (!customId.startsWith('pb[')) return undefined;
  try {
    const [name, ...values] = JSON.parse(customId.slice(2)) as [string, ...(string | number | null)[]];
    const command = findCommand(name);
    if (!command) return undefined;
    const names = Object.keys(command.args.shape);
    const args = Object.fromEntries(values.flatMap((value, i) => (value === null || !names[i] ? [] : [[names[i], value]])));
    return { command: command.name, args };
  } catch {
    return undefined;
  }
}
