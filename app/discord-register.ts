import { inviteUrl, registerCommands } from '../adapters/discord/register.js';
import { loadConfig } from '../src/core/config.js';
import { setUpLogging } from './logging.js';
import { UsageError } from './usage-error.js';

/** `paperbot discord:register [--guild <id>]`: registers the slash commands derived from the table. */
export async function registerDiscord(guildId: string | undefined): Promise<void> {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN)
    throw new UsageError('set DISCORD_TOKEN (and DISCORD_APPLICATION_ID) first; see README "Discord"');
  setUpLogging(config, 'warn');
  const { count, scope, applicationId } = await registerCommands({
    token: config.DISCORD_TOKEN,
    ...(config.DISCORD_APPLICATION_ID ? { applicationId: config.DISCORD_APPLICATION_ID } : {}),
    ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    ...(guildId ? { guildId } : {}),
  });
  process.stdout.write(`registered ${count} slash commands (${scope})\ninvite the bot: ${inviteUrl(applicationId)}\n`);
}
