import type { CommandHelp, CommandUsage } from '../core/reply.js';
import type { Command } from './command.js';

/** The arguments a person types, in order; `page` is set by Prev/Next buttons, never typed. */
export function typedArguments(command: Command): string[] {
  return Object.keys(command.args.shape).filter((name) => name !== 'page');
}

/** The argument a typed line fills: the command's first, if it takes any. */
export function textArgument(command: Command): string | undefined {
  return typedArguments(command)[0];
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
    typedArguments(command)
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
    arguments: typedArguments(command),
    usage: usage(command),
    ...(command.hint ? { hint: command.hint } : {}),
  };
}

/** The help's lines for these commands: usage and what each does. */
export const helpEntries = (commands: readonly Command[]): CommandHelp[] =>
  commands.map((command) => ({ ...commandUsage(command), description: command.description }));
