import type { z } from 'zod';
import { argumentsFromText, type Command, type CommandContext, commandUsage, commands, helpEntries, usage } from './table.js';
import { log } from '../core/log.js';
import type { Reply } from '../core/reply.js';
import type { Suggestion } from './suggest.js';
import { cleanInput } from '../core/text.js';
import { editDistance } from '../search/vocabulary.js';

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.name === name.toLowerCase());
}

/** A typed line read as a command name and the text after it; `/paper ask x` and `/ask x` are the same. */
export function parseLine(line: string): { name: string; text: string } {
  const cleaned = cleanInput(line).replace(/^\//, '');
  const [first = '', ...rest] = cleaned.split(' ');
  const name = first.toLowerCase();
  const [second = '', ...afterSecond] = rest;
  const routed = second ? findCommand(second) : undefined;
  // "/paper help me find gan papers" is a search: a command that takes no words does not take these.
  const fits = routed && (routed.name !== 'paper') && (afterSecond.length === 0 || Object.keys(routed.args.shape).length > 0);
  if (name === 'paper' && routed && fits) return { name: routed.name, text: afterSecond.join(' ') };
  return { name, text: rest.join(' ') };
}

function describeInvalid(command: Command, error: z.ZodError): Reply {
  const issue = error.issues[0];
  const field = String(issue?.path[0] ?? 'argument');
  const empty = issue?.code === 'too_small' && issue.origin === 'string';
  return {
    kind: 'error',
    text: [empty ? `Tell me the ${field}.` : `The ${field} ${issue?.message ?? 'is not valid'}.`],
    usage: commandUsage(command),
  };
}

/** Checks arguments against the command's schema; a failure is the error reply to show. */
export function validateArgs(command: Command, args: Record<string, unknown>):
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; reply: Reply } {
  const parsed = command.args.safeParse(args);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, reply: describeInvalid(command, parsed.error) };
}

/**
 * Runs a command of the table with named arguments, as a platform delivers them (Discord options, a
 * button's action). Every failure comes back as an error reply; nothing a person sends can throw.
 */
export async function runCommand(name: string, args: Record<string, unknown>, context: CommandContext): Promise<Reply> {
  const command = findCommand(name);
  if (!command) return unknownCommand(name);
  const parsed = validateArgs(command, args);
  if (!parsed.ok) {
    log.info({ command: name, channel: context.channel, reply: parsed.reply }, 'invalid arguments');
    return parsed.reply;
  }
  if (command.access === 'channel-managers' && !context.canManageChannel) {
    log.info({ command: name, channel: context.channel }, 'refused: needs channel manager');
    return { kind: 'error', text: [`Only people who can manage this channel can use /${command.name}.`] };
  }
  try {
    return await command.run(parsed.data, context);
  } catch (error) {
    log.error({ err: error, command: name, channel: context.channel }, 'command failed');
    return { kind: 'error', text: ['Something went wrong on my side; it has been logged. Please try again.'] };
  }
}

/** Choices for an argument of a command while it is typed; none for an argument that offers none. */
export function suggest(name: string, argument: string, typed: string, context: CommandContext): Suggestion[] {
  try {
    return findCommand(name)?.suggest?.[argument]?.(typed, context) ?? [];
  } catch (error) {
    log.error({ err: error, command: name }, 'suggestions failed');
    return [];
  }
}

/**
 * Runs a typed line (`/paper style transfer`, `paper ask …`, `/subscribe virtual try-on`). Words typed
 * without a slash that name no command are a search, as people type into a chat.
 */
export async function runLine(line: string, context: CommandContext): Promise<Reply> {
  const { name, text } = parseLine(line);
  if (!name) return runCommand('help', {}, context);
  const command = findCommand(name);
  if (!command && !cleanInput(line).startsWith('/')) return runCommand('paper', { query: line }, context);
  if (!command) return unknownCommand(name);
  return runCommand(command.name, argumentsFromText(command, text), context);
}

/** An unknown command is answered with the help, headed by what went wrong and the nearest command. */
function unknownCommand(name: string): Reply {
  const closest = commands
    .filter((command) => !command.hidden)
    .map((command) => ({ command, distance: editDistance(name.toLowerCase(), command.name) }))
    .sort((a, b) => a.distance - b.distance)[0];
  const hint = closest && closest.distance <= 2 ? ` Did you mean ${usage(closest.command)}?` : '';
  return {
    kind: 'help',
    intro: ['I do not know the command ', { untrusted: name.slice(0, 40) }, `.${hint}`],
    commands: helpEntries(),
  };
}
