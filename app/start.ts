import { consoleSender } from '../adapters/console/sender.js';
import type { RunningAdapter } from '../adapters/running.js';
import type { Bot } from '../src/core/bot.js';
import type { Config } from '../src/core/config.js';
import type { Shared } from '../src/db/shared.js';

// A platform's code (discord.js, Slack's Bolt: about 0.7 s to load) is loaded only when its token is configured,
// so the console chat and one-shot commands start without it.
const discord = () => import('./platform-discord.js');
const slack = () => import('./platform-slack.js');

/** A bot on a shared database (DATABASE_URL) keeps Slack installations there. */
type WithShared = { readonly shared?: Shared };

/** Starts every platform whose token is configured; none means the console chat is the way in. */
export async function startPlatforms(bot: Bot & WithShared, config: Config): Promise<RunningAdapter[]> {
  const running: RunningAdapter[] = [];
  try {
    if (config.DISCORD_TOKEN) {
      const { shardingOf, startDiscord } = await discord();
      running.push(
        await startDiscord(bot, {
          token: config.DISCORD_TOKEN,
          ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
          linkCards: config.DISCORD_LINK_CARDS === 'on',
          sharding: shardingOf(config),
        }),
      );
    }
    if (config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID) {
      const { adoptBotToken, distributionOf, startSlack } = await slack();
      const distribution = distributionOf(config, bot.shared?.installations);
      if (distribution && config.SLACK_BOT_TOKEN)
        await adoptBotToken(distribution.installations, config.SLACK_BOT_TOKEN, config.SLACK_API_URL);
      running.push(
        await startSlack(bot, {
          ...(config.SLACK_BOT_TOKEN ? { botToken: config.SLACK_BOT_TOKEN } : {}),
          ...(distribution ? { distribution } : {}),
          ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
          ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
          ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
          port: config.PORT,
          subscribeAllowed: config.SLACK_SUBSCRIBE_ALLOWED,
        }),
      );
    }
  } catch (error) {
    await stopAll(running);
    throw error;
  }
  return running;
}

/**
 * Lets the operator's one-shot `paperbot daily now` post without connecting a gateway: Discord's REST API and
 * Slack's Web API are enough to send, and console channels print here.
 */
export async function useSendersOnly(bot: Bot & WithShared, config: Config): Promise<void> {
  bot.daily.useSender('console', consoleSender(process.stdout));
  if (config.DISCORD_TOKEN) {
    const { discordRest, discordSender } = await discord();
    bot.daily.useSender('discord', discordSender(discordRest(config.DISCORD_TOKEN, config.DISCORD_API_URL), bot));
  }
  if (!config.SLACK_BOT_TOKEN && !config.SLACK_CLIENT_ID) return;
  const { dailyClient, distributionOf, slackSender, workspaceSender } = await slack();
  const distribution = distributionOf(config, bot.shared?.installations);
  if (distribution) {
    bot.daily.useSender(
      'slack',
      workspaceSender(distribution.installations, config.SLACK_API_URL, config.SLACK_BOT_TOKEN),
    );
  } else if (config.SLACK_BOT_TOKEN) {
    bot.daily.useSender('slack', slackSender(dailyClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL)));
  }
}

export async function stopAll(running: readonly RunningAdapter[]): Promise<void> {
  await Promise.allSettled(running.map((adapter) => adapter.stop()));
}
