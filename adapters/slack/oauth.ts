import type { App, AppOptions, Installation, InstallationStore } from '@slack/bolt';
import { type Bot, ledgerFile } from '../../src/core/bot.js';
import type { ChannelKey } from '../../src/core/channel.js';
import type { Config } from '../../src/core/config.js';
import { ChannelGoneError, ConfigError, StartupError } from '../../src/core/errors.js';
import { log } from '../../src/core/log.js';
import type { Sender } from '../../src/daily/service.js';
import { type Installations, openInstallations } from '../../src/state/installations.js';
import { slackManifest } from './manifest.js';
import { dailyClient, slackSender } from './sender.js';

/** Installing the app in any workspace through Slack's OAuth v2 (SLACK_CLIENT_ID and friends). */
export interface SlackDistribution {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stateSecret: string;
  readonly installations: Installations;
}

/**
 * Distribution when SLACK_CLIENT_ID is set; its installations live in the shared database when there is one,
 * else beside the daily ledger.
 */
export function distributionOf(config: Config, shared?: Installations): SlackDistribution | undefined {
  if (!config.SLACK_CLIENT_ID) return undefined;
  if (!config.SLACK_CLIENT_SECRET || !config.SLACK_STATE_SECRET)
    throw new ConfigError(
      'configuration: SLACK_CLIENT_ID needs SLACK_CLIENT_SECRET (Basic Information) and SLACK_STATE_SECRET (any random string)',
    );
  return {
    clientId: config.SLACK_CLIENT_ID,
    clientSecret: config.SLACK_CLIENT_SECRET,
    stateSecret: config.SLACK_STATE_SECRET,
    installations: shared ?? openInstallations(ledgerFile(config)),
  };
}

/** An org-wide install is one installation for every workspace of the organisation, so it is keyed by the org. */
const workspaceOf = (query: {
  isEnterpriseInstall?: boolean;
  enterpriseId?: string | undefined;
  teamId?: string | undefined;
}) => (query.isEnterpriseInstall ? query.enterpriseId : query.teamId) ?? query.enterpriseId ?? '';

/** Bolt's InstallationStore over ours: Bolt's own record is kept whole, its bot token beside it for daily posts. */
export function installationStore(installations: Installations): InstallationStore {
  return {
    async storeInstallation(installation) {
      if (!installation.bot?.token)
        throw new Error('Slack installed the app without a bot token (is the bot scope set?)');
      const workspace = workspaceOf({
        isEnterpriseInstall: installation.isEnterpriseInstall,
        enterpriseId: installation.enterprise?.id,
        teamId: installation.team?.id,
      });
      await installations.save({ workspace, botToken: installation.bot.token, installation });
      log.info({ workspace, name: installation.team?.name ?? installation.enterprise?.name }, 'slack: app installed');
    },
    async fetchInstallation(query) {
      const found = await installations.find(workspaceOf(query));
      if (!found) throw new Error(`the app is not installed in Slack workspace ${workspaceOf(query)}`);
      return found.installation as Installation;
    },
    async deleteInstallation(query) {
      await installations.remove(workspaceOf(query));
    },
  };
}

/**
 * Bolt's OAuth options: it serves /slack/install (straight on to Slack's consent page, with a signed state in a
 * cookie) and /slack/oauth_redirect (checks the state, exchanges the code with oauth.v2.access, stores the install).
 * In Socket Mode those two pages get their own small HTTP server, on `port`.
 */
export function oauthOptions(distribution: SlackDistribution, port: number | undefined): Partial<AppOptions> {
  return {
    clientId: distribution.clientId,
    clientSecret: distribution.clientSecret,
    stateSecret: distribution.stateSecret,
    scopes: [...(slackManifest().oauth_config?.scopes?.bot ?? [])],
    installationStore: installationStore(distribution.installations),
    installerOptions: { directInstall: true, ...(port !== undefined ? { port } : {}) },
  };
}

interface Incoming {
  channel_id?: string;
  channel?: { id?: string };
  event?: { channel?: unknown };
}

/** The channel a command, click or event came from, where it says. */
function channelIn(body: Incoming): string | undefined {
  const channel = body.channel_id ?? body.channel?.id ?? body.event?.channel;
  return typeof channel === 'string' && channel ? channel : undefined;
}

/** Forgets an uninstalled workspace: its installation, and its channels' topics and daily and digest settings. */
export async function forgetWorkspace(
  bot: Bot,
  installations: Installations,
  workspace: string,
): Promise<ChannelKey[]> {
  const channels = await installations.remove(workspace);
  const gone = new Set(channels);
  await bot.store.update((state) => {
    state.subscriptions = state.subscriptions.filter((subscription) => !gone.has(subscription.channel));
    for (const channel of gone) delete state.dailies[channel];
  });
  for (const channel of gone) bot.ledger.setDigest(channel, undefined);
  log.info({ workspace, channels: channels.length }, 'slack: app uninstalled; forgot the workspace');
  return channels;
}

/**
 * What distribution adds to the app: every command, click or event records its channel's workspace (daily posts need
 * its token), and uninstalling the app, or revoking its bot token, forgets the workspace.
 */
export function useDistribution(app: App, bot: Bot, installations: Installations): void {
  app.use(async ({ context, body, next }) => {
    const channel = channelIn(body as Incoming);
    const workspace = workspaceOf(context);
    if (channel && workspace) {
      await installations
        .recordChannel(`slack:${channel}`, workspace)
        .catch((error) => log.warn({ err: error, channel }, "slack: cannot record the channel's workspace"));
    }
    await next();
  });
  const forget = async (body: { team_id?: string; enterprise_id?: string }, isEnterpriseInstall?: boolean) => {
    const workspace = workspaceOf({ isEnterpriseInstall, enterpriseId: body.enterprise_id, teamId: body.team_id });
    if (workspace) await forgetWorkspace(bot, installations, workspace);
  };
  app.event('app_uninstalled', async ({ body, context }) => forget(body, context.isEnterpriseInstall));
  // A revoked user token leaves the bot working; a revoked bot token is the end of the install.
  app.event('tokens_revoked', async ({ body, event, context }) => {
    if ((event.tokens.bot ?? []).length > 0) await forget(body, context.isEnterpriseInstall);
  });
}

/**
 * The bot token of a channel's workspace. A channel from before distribution (no workspace recorded) has
 * SLACK_BOT_TOKEN's, when it is set.
 */
export const tokenForChannel =
  (installations: Installations, fallbackToken?: string) =>
  async (channelId: string): Promise<string | undefined> => {
    const workspace = await installations.workspaceOf(`slack:${channelId}`);
    return (workspace && (await installations.find(workspace))?.botToken) || fallbackToken;
  };

/** Daily posts with the token of the channel's own workspace; a channel with none is paused until /paper is used there. */
export function workspaceSender(installations: Installations, apiUrl?: string, fallbackToken?: string): Sender {
  const clients = new Map<string, ReturnType<typeof dailyClient>>();
  const clientFor = (token: string) => {
    if (!clients.has(token)) clients.set(token, dailyClient(token, apiUrl));
    return clients.get(token)!;
  };
  const tokenFor = tokenForChannel(installations, fallbackToken);
  return {
    async send(post) {
      const token = await tokenFor(post.channelId);
      if (!token)
        throw new ChannelGoneError("Slack: no installation for this channel's workspace; use /paper in it once");
      return slackSender(clientFor(token)).send(post);
    },
  };
}

/**
 * With distribution on, SLACK_BOT_TOKEN's own workspace counts as installed (unless it has been installed through
 * OAuth since), so a single-workspace bot can turn distribution on without reinstalling.
 */
export async function adoptBotToken(installations: Installations, token: string, apiUrl?: string): Promise<void> {
  const identity = await dailyClient(token, apiUrl)
    .auth.test()
    .catch((error: { data?: { error?: string }; message: string }) => {
      throw new StartupError(`Slack rejected SLACK_BOT_TOKEN (${error.data?.error ?? error.message})`);
    });
  const workspace = identity.team_id ?? '';
  if (!workspace || (await installations.find(workspace))) return;
  const installation: Installation<'v2', false> = {
    team: { id: workspace, ...(identity.team ? { name: identity.team } : {}) },
    enterprise: undefined,
    user: { id: '', token: undefined, scopes: undefined },
    bot: { token, id: identity.bot_id ?? '', userId: identity.user_id ?? '', scopes: [] },
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
  };
  await installations.save({ workspace, botToken: token, installation });
}
