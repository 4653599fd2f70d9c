import {
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
import { typedArguments } from '../../src/commands/usage.js';

const MAX_DESCRIPTION = 100;

const short = (text: string) => (text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`);

/** One slash command for a command of the core table: each typed argument becomes a string option. */
export function slashCommand(command: Command): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const managersOnly = command.access === 'channel-managers';
  return {
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: short(command.description),
    options: typedArguments(command).map((argument) => {
      const schema = command.args.shape[argument] as z.ZodType;
      return {
        type: ApplicationCommandOptionType.String,
        name: argument,
        description: short(schema.description ?? argument),
        required: !schema.safeParse(undefined).success,
        autocomplete: Boolean(command.suggest?.[argument]),
      };
    }),
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
