import { recallAction, rememberAction } from '../../src/commands/actions.js';
import { type Action, ActionSchema } from '../../src/core/action.js';
import type { Bot } from '../../src/core/bot.js';

const MAX_CUSTOM_ID = 100;

/**
 * The argument order of the positional ids posted before ids named their arguments, frozen here so that
 * reordering a command's schema cannot change what those buttons mean. Only these commands were on buttons.
 */
const POSITIONAL_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  paper: ['query', 'page'],
  similar: ['paper', 'page'],
  feedback: ['paper', 'vote'],
};

/**
 * A button's custom_id carries the action itself, `pb:<command>` + JSON of the arguments by name (e.g.
 * `pb:paper{"query":"gan","page":2}`), so a click works after a restart with nothing stored. An action too long
 * for Discord's 100 characters (a long query) is stored and the id carries its key instead: `pb@<key>`.
 */
export async function encodeAction(bot: Bot, action: Action, max = MAX_CUSTOM_ID): Promise<string> {
  const inline = `pb:${action.command}${JSON.stringify(action.args)}`;
  if (inline.length <= max) return inline;
  return `pb@${await rememberAction(bot.store, action, bot.now())}`;
}

/** A modal's custom_id: the action to run with what is typed into it, after a prefix telling it from buttons. */
export const FORM_PREFIX = 'pbq';
export const encodeFormId = async (bot: Bot, action: Action): Promise<string> =>
  FORM_PREFIX + (await encodeAction(bot, action, MAX_CUSTOM_ID - FORM_PREFIX.length));
export const decodeFormId = (bot: Bot, customId: string): Action | undefined =>
  customId.startsWith(FORM_PREFIX) ? decodeAction(bot, customId.slice(FORM_PREFIX.length)) : undefined;

/** The action of a button's id, or undefined for an id this bot no longer reads (the button has expired). */
export function decodeAction(bot: Bot, customId: string): Action | undefined {
  if (customId.startsWith('pb@')) return recallAction(bot.store, customId.slice(3));
  const read = customId.startsWith('pb:') ? named : customId.startsWith('pb[') ? positional : undefined;
  const parsed = ActionSchema.safeParse(read?.(customId.slice(2)));
  return parsed.success ? parsed.data : undefined;
}

/** `:paper{"query":"gan","page":2}`: the command's name, then its arguments by name. */
function named(text: string): unknown {
  const brace = text.indexOf('{');
  return brace > 1 ? { command: text.slice(1, brace), args: parseJson(text.slice(brace)) } : undefined;
}

/** `["paper","gan",2]`: the values in the frozen order of their command; null stands for an absent one. */
function positional(text: string): unknown {
  const parsed = parseJson(text);
  if (!Array.isArray(parsed)) return undefined;
  const [command, ...values] = parsed as unknown[];
  const names = typeof command === 'string' ? POSITIONAL_ARGUMENTS[command] : undefined;
  if (!names || values.length > names.length) return undefined;
  const args = Object.fromEntries(values.flatMap((value, i) => (value === null ? [] : [[names[i], value]])));
  return { command, args };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
