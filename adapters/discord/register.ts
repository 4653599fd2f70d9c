import { DiscordAPIError, OAuth2Scopes, PermissionFlagsBits, Routes } from 'discord.js';
import { StartupError } from '../../src/core/errors.js';
import { slashCommands } from './definitions.js';
import { discordRest } from './rest.js';

export interface RegisterOptions {
  readonly token: string;
  readonly applicationId?: string;
  /** Register on one guild (instant, for development) instead of globally. */
  readonly guildId?: string;
  readonly apiUrl?: string;
}

/**
 * Registers the slash commands with one bulk overwrite (PUT), so running it again changes nothing and a
 * command removed from the table disappears from Discord.
 */
export async function registerCommands(
  options: RegisterOptions,
): Promise<{ count: number; scope: string; applicationId: string }> {
  const rest = discordRest(options.token, options.apiUrl);
  try {
    const applicationId = options.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
    const body = slashCommands();
    const route = options.guildId
      ? Routes.applicationGuildCommands(applicationId, options.guildId)
      : Routes.applicationCommands(applicationId);
    await rest.put(route, { body });
    return { count: body.length, scope: options.guildId ? `guild ${options.guildId}` : 'global', applicationId };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401)
      throw new StartupError('Discord rejected DISCORD_TOKEN; copy the bot token again from the developer portal');
    throw new StartupError(`registering the commands failed: ${(error as Error).message}`);
  }
}

/**
 * What the bot needs in a channel: see it, post in it (daily papers), show embeds, read its history, to find
 * a daily post an earlier attempt made before sending it again (without it Discord lists no messages), and start
 * and post in threads, where questions about a paper are answered under its card.
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads;

/** The link a server admin opens to add the bot with its slash commands and the permissions above. */
export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params}`;
}
