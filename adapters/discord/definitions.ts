import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { z } from 'zod';
import { type Command, commands, textArgument } from '../../src/commands.js';

const MAX_DESCRIPTION = 100;

const short = (text: string) => (text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`);

/** One slash command for a command of the core table: its first argument becomes a required option. */
export function slashCommand(command: Command): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const argument = textArgument(command);
  const schema = argument ? (command.args.shape[argument] as z.ZodType) : undefined;
  const managersOnly = command.access === 'channel-managers';
  return {
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: short(command.description),
    options: argument
      ? [{
          type: ApplicationCommandOptionType.String,
          name: argument,
          description: short(schema?.description ?? argument),
          required: true,
          autocomplete: Boolean(command.suggest),
        }]
      : [],
    // Channel settings: hidden from members who cannot manage channels (and checked again on arrival).
    default_member_permissions: managersOnly ? PermissionFlagsBits.ManageChannels.toString() : null,
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: managersOnly
      ? [InteractionContextType.Guild]
      : [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
  };
}

/** The bot's slash commands, derived from the core table; nothing is listed twice. */
export const slashCommands = (): RESTPostAPIChatInputApplicationCommandsJSONBody[] => commands.map(slashCommand);
