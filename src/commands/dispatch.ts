import type { z } from 'zod';
import { log } from '../core/log.js';
import type { Reply } from '../core/reply.js';
import { cleanInput } from '../core/text.js';
import { editDistance } from '../search/vocabulary.js';
import type { Command, CommandContext, Surface } from './command.js';
import type { Suggestion } from './suggest.js';
import { commands, commandsOn, typedCommandsOn } from './table.js';
import { argumentsFromText, commandUsage, helpEntries, usage } from './usage.js';

/** The command a name (or alias) calls, among those reached on `surface` (on any, when none is given). */
export function findCommand(name: string, surface?: Surface): Command | undefined {
  const wanted = name.toLowerCase();
  return (surface ? commandsOn(surface) : commands).find(
    (command) => command.name === wanted || command.aliases?.includes(wanted),
  );
}

/** A typed line read as a command name and the text after it; `/paper ask x` and `/ask x` are the same. */
export function parseLine(line: string, surface?: Surface): { name: string; text: string } {
  const cleaned = cleanInput(line).replace(/^\//, '');
  const [first = '', ...rest] = cleaned.split(' ');
  const name = first.toLowerCase();
  const [second = '', ...afterSecond] = rest;
  const routed = second ? findCommand(second, surface) : undefined;
  // "/paper help me find gan papers" is a search: a command that takes no words does not take these.
  const takesWords = routed && Object.keys(routed.args.shape).length > 0;
  const fits = routed && routed.name !== 'paper' && (afterSecond.length === 0 || takesWords);
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

/**
 * Runs a command of the table with named arguments, as a platform delivers them (Discord options, a
 * button's action). Every failure comes back as an error reply; nothing a person sends can throw.
 */
export async function runCommand(name: string, args: Record<string, unknown>, context: CommandContext): Promise<Reply> {
  const command = findCommand(name, context.channel.platform);
  if (!command) return unknownCommand(name, context.channel.platform);
  const checked = command.check(args);
  if (!checked.ok) {
    const reply = describeInvalid(command, checked.error);
    log.info({ command: name, channel: context.channel, reply }, 'invalid arguments');
    return reply;
  }
  if (command.access === 'channel-managers' && !context.canManageChannel) {
    log.info({ command: name, channel: context.channel }, 'refused: needs channel manager');
    return { kind: 'error', text: [`Only people who can manage this channel can use /${command.name}.`] };
  }
  try {
    return await checked.run(context);
  } catch (error) {
    log.error({ err: error, command: name, channel: context.channel }, 'command failed');
    return { kind: 'error', text: ['Something went wrong on my side; it has been logged. Please try again.'] };
  }
}

/** Choices for an argument of a command while it is typed; none for an argument that offers none. */
export async function suggest(
  name: string,
  argument: string,
  typed: string,
  context: CommandContext,
): Promise<Suggestion[]> {
  try {
    return (await findCommand(name, context.channel.platform)?.suggest?.[argument]?.(typed, context)) ?? [];
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
  const surface = context.channel.platform;
  const { name, text } = parseLine(line, surface);
  if (!name) return runCommand('help', {}, context);
  const command = findCommand(name, surface);
  if (!command && !cleanInput(line).startsWith('/')) return runCommand('paper', { query: line }, context);
  if (!command) return unknownCommand(name, surface);
  return runCommand(command.name, argumentsFromText(command, text), context);
}

/** An unknown command is answered with the help, headed by what went wrong and the nearest command. */
function unknownCommand(name: string, surface: Surface): Reply {
  const typed = typedCommandsOn(surface);
  const closest = typed
    .map((command) => ({ command, distance: editDistance(name.toLowerCase(), command.name) }))
    .sort((a, b) => a.distance - b.distance)[0];
  const hint = closest && closest.distance <= 2 ? ` Did you mean ${usage(closest.command)}?` : '';
  return {
    kind: 'help',
    intro: ['I do not know the command ', { untrusted: name.slice(0, 40) }, `.${hint}`],
    commands: helpEntries(typed),
  };
}
