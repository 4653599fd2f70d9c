import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { z } from 'zod';
import type { Command } from '../../src/commands/command.js';
import { typedCommandsOn } from '../../src/commands/table.js';
import { argumentInput, typedArguments } from '../../src/commands/usage.js';

const MAX_DESCRIPTION = 100;
const MAX_CHOICES = 25;

const short = (text: string) => (text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`);

/** An argument as an option: a whole number within its bounds, one of its choices, or text (maybe suggested). */
function option(command: Command, argument: string): APIApplicationCommandBasicOption {
  const schema = command.args.shape[argument] as z.ZodType;
  const base = {
    name: argument,
    description: short(schema.description ?? argument),
    required: !schema.safeParse(undefined).success,
  };
  const input = argumentInput(command, argument);
  switch (input.kind) {
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(input.min !== undefined ? { min_value: input.min } : {}),
        ...(input.max !== undefined ? { max_value: input.max } : {}),
      };
    case 'choice':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: input.choices.slice(0, MAX_CHOICES).map((choice) => ({ name: choice, value: choice })),
      };
    case 'text':
      return { ...base, type: ApplicationCommandOptionType.String, autocomplete: Boolean(command.suggest?.[argument]) };
  }
}

/** One slash command for a command of the core table: each argument a person gives becomes an option. */
export function slashCommand(command: Command): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const managersOnly = command.access === 'channel-managers';
  return {
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: short(command.description),
    options: typedArguments(command).map((argument) => option(command, argument)),
    // Channel settings: hidden from members who cannot manage channels (and checked again on arrival).
    default_member_permissions: managersOnly ? PermissionFlagsBits.ManageChannels.toString() : null,
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: managersOnly
      ? [InteractionContextType.Guild]
      : [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
  };
}

/** The bot's slash commands, derived from the core table; nothing is listed twice. */
export const slashCommands = (): RESTPostAPIChatInputApplicationCommandsJSONBody[] =>
  typedCommandsOn('discord').map(slashCommand);
