import { z } from 'zod';
import type { CommandHelp, CommandUsage } from '../core/reply.js';
import type { Command } from './command.js';

/** The arguments a person gives, in order (Discord's options); `page` is set by Prev/Next buttons, never given. */
export function typedArguments(command: Command): string[] {
  return Object.keys(command.args.shape).filter((name) => name !== 'page');
}

/** The arguments a typed line can fill, in order: all but those given by name only. */
export function lineArguments(command: Command): string[] {
  return typedArguments(command).filter((name) => !command.namedOnly?.includes(name));
}

/** The arguments given by name only: Discord options and the shell's `--flags`, never in a typed line. */
export function namedArguments(command: Command): string[] {
  return typedArguments(command).filter((name) => command.namedOnly?.includes(name));
}

/** The argument a typed line fills: the command's first, if it takes any. */
export function textArgument(command: Command): string | undefined {
  return lineArguments(command)[0];
}

/** What an argument takes, where a platform asks for it in a field of its own: text, a whole number, or a choice. */
export type ArgumentInput =
  | { readonly kind: 'text' }
  | { readonly kind: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'choice'; readonly choices: readonly string[] };

/** What an argument takes, read from its schema (as it accepts input, before any transform). */
export function argumentInput(command: Command, argument: string): ArgumentInput {
  const schema = command.args.shape[argument] as z.ZodType | undefined;
  if (!schema) return { kind: 'text' };
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  if (json.type === 'integer') {
    return {
      kind: 'integer',
      ...(json.minimum !== undefined ? { min: json.minimum } : {}),
      ...(json.maximum !== undefined ? { max: json.maximum } : {}),
    };
  }
  const choices = json.enum;
  if (choices?.length && choices.every((choice): choice is string => typeof choice === 'string'))
    return { kind: 'choice', choices };
  return { kind: 'text' };
}

/** The arguments of a typed line after the command's name. */
export function argumentsFromText(command: Command, text: string): Record<string, string> {
  if (command.parseText) return command.parseText(text);
  const argument = textArgument(command);
  return argument ? { [argument]: text } : {};
}

/** How the arguments are typed after the command's name, e.g. `<question>`; optional ones in brackets. */
export function argumentUsage(command: Command): string {
  return (
    command.hint ??
    lineArguments(command)
      .map((name) => (command.args.shape[name]?.safeParse(undefined).success ? `[${name}]` : `<${name}>`))
      .join(' ')
  );
}

/** How the command is typed, e.g. `/paper ask <question>`. */
export function usage(command: Command): string {
  const name = command.helpAsPaperSubcommand ? `/paper ${command.name}` : `/${command.name}`;
  return [name, argumentUsage(command)].filter(Boolean).join(' ');
}

export function commandUsage(command: Command): CommandUsage {
  return {
    name: command.name,
    arguments: lineArguments(command),
    usage: usage(command),
    ...(command.hint ? { hint: command.hint } : {}),
  };
}

/** The help's lines for these commands: usage and what each does. */
export const helpEntries = (commands: readonly Command[]): CommandHelp[] =>
  commands.map((command) => ({ ...commandUsage(command), description: command.description }));
