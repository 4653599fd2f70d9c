import { webApi } from '@slack/bolt';
import { StartupError } from '../../src/core/errors.js';
import { slackLogger } from './logger.js';

/**
 * Asks Slack once whether it takes the app-level token, before Socket Mode starts: Socket Mode gives up only on
 * the refusals it knows (invalid_auth, not_authed…) and retries others (token_revoked, not_allowed_token_type)
 * for ever, so a bad token would leave the bot running, connected nowhere.
 */
export async function checkAppToken(appToken: string, apiUrl: string | undefined): Promise<void> {
  const client = new webApi.WebClient(appToken, {
    logger: slackLogger(),
    retryConfig: { retries: 0 },
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
  });
  try {
    await client.apps.connections.open({});
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    throw new StartupError(
      code
        ? `Slack rejected SLACK_APP_TOKEN (${code}); create an app-level token with connections:write again`
        : `cannot reach Slack to check SLACK_APP_TOKEN: ${(error as Error).message}`,
    );
  }
}
