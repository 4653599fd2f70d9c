import { App, type webApi } from '@slack/bolt';
import { needsQuestion } from '../../src/answers/ask-paper-action.js';
import { findCommand, parseLine, runCommand, runLine } from '../../src/commands/dispatch.js';
import type { CommandContext } from '../../src/commands/table.js';
import { ActionSchema } from '../../src/core/action.js';
import type { Bot } from '../../src/core/bot.js';
import { StartupError } from '../../src/core/errors.js';
import { log } from '../../src/core/log.js';
import { type CannotPost, cannotPost, expiredButton } from '../../src/core/problems.js';
import { type Reply, turnsPage } from '../../src/core/reply.js';
import type { RunningAdapter } from '../running.js';
import { answerQuestion, askedFrom, openQuestionForm, QUESTION_VIEW, submittedQuestion } from './ask-thread.js';
import { livePost } from './live-post.js';
import { slackLogger } from './logger.js';
import { oauthOptions, type SlackDistribution, tokenForChannel, useDistribution, workspaceSender } from './oauth.js';
import { type SubscribeRule, subscribePermission } from './permissions.js';
import { renderReply, type SlackMessage } from './render.js';
import { dailyClient, slackError, slackSender } from './sender.js';
import { checkAppToken } from './tokens.js';
import { unfurlPaperLinks } from './unfurl.js';

export interface SlackOptions {
  /** The one workspace's bot token; with `distribution`, a fallback for that workspace only. */
  readonly botToken?: string;
  /** OAuth install in any number of workspaces, each with its own token (SLACK_CLIENT_ID…). */
  readonly distribution?: SlackDistribution;
  /** Socket Mode when set (no public URL needed); otherwise HTTP on `port` with request signing. */
  readonly appToken?: string;
  readonly signingSecret?: string;
  readonly port?: number;
  /** Web API base (`clientOptions.slackApiUrl`); Slack's own when unset. */
  readonly apiUrl?: string;
  readonly subscribeAllowed: SubscribeRule;
}

export interface RunningSlack extends RunningAdapter {
  /** The HTTP port Bolt listens on (HTTP mode only). */
  readonly port?: number;
}

const COMMAND = '/paper';
// Slack errors that mean the bot cannot post here until someone invites it or the channel comes back.
const CHANNEL_ERRORS: Record<string, CannotPost> = {
  not_in_channel: 'not-member',
  channel_not_found: 'not-visible',
  is_archived: 'archived',
};

/**
 * Posts a result to the channel as the bot, or an error/help to the asker only. A channel the bot cannot
 * post in gets the asker a clear message instead of a silent failure.
 */
async function deliver(
  client: webApi.WebClient,
  channel: string,
  message: SlackMessage,
  respond: (m: object) => Promise<unknown>,
): Promise<void> {
  if (message.ephemeral) {
    await respond({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
    return;
  }
  try {
    // A file goes up with the message's text as its comment (getUploadURLExternal, upload, completeUploadExternal).
    if (message.file) {
      const { name, content } = message.file;
      await client.files.uploadV2({
        channel_id: channel,
        filename: name,
        title: name,
        content,
        initial_comment: message.text,
      });
    } else {
      await client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
    }
  } catch (error) {
    const code = slackError(error);
    const why = code && CHANNEL_ERRORS[code];
    if (!why) throw error;
    log.warn({ channel, error: code }, 'slack: cannot post in channel');
    const { text, blocks } = renderReply(cannotPost(why));
    await respond({ response_type: 'ephemeral', text, blocks });
  }
}

export async function startSlack(bot: Bot, options: SlackOptions): Promise<RunningSlack> {
  if (!options.appToken && !options.signingSecret) {
    throw new StartupError(
      'Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) beside SLACK_BOT_TOKEN',
    );
  }
  const app = new App({
    ...(options.distribution
      ? oauthOptions(options.distribution, options.appToken ? options.port : undefined)
      : { token: options.botToken! }),
    logger: slackLogger(),
    ...(options.appToken
      ? { appToken: options.appToken, socketMode: true }
      : { signingSecret: options.signingSecret! }),
    ...(options.apiUrl ? { clientOptions: { slackApiUrl: options.apiUrl } } : {}),
    deferInitialization: true,
  });
  const mayManage = subscribePermission(
    options.subscribeAllowed,
    app.client,
    Date.now,
    options.distribution && tokenForChannel(options.distribution.installations, options.botToken),
  );

  async function contextFor(userId: string, channelId: string, commandName: string): Promise<CommandContext> {
    const managersOnly = findCommand(commandName)?.access === 'channel-managers';
    return {
      bot,
      channel: { platform: 'slack', id: channelId },
      canManageChannel: managersOnly ? await mayManage(userId, channelId) : false,
      user: userId,
    };
  }

  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    // Slack gives three seconds: acknowledge first, then answer.
    await ack();
    const line = `${COMMAND} ${command.text}`;
    const context = await contextFor(command.user_id, command.channel_id, parseLine(line).name);
    // An answer being written is posted as it grows and updated in place.
    const live = livePost(client, command.channel_id);
    const reply = await runLine(line, { ...context, progress: live.progress });
    await live.finish(renderReply(reply), (message) => deliver(client, command.channel_id, message, respond));
  });

  app.action(/^pb_/, async ({ ack, body, action, respond, client }) => {
    await ack();
    const parsed = ActionSchema.safeParse(safeJson('value' in action ? action.value : undefined));
    if (parsed.success && needsQuestion(parsed.data) && 'trigger_id' in body) {
      await openQuestionForm(client, body.trigger_id, askedFrom(parsed.data, body as Parameters<typeof askedFrom>[1]));
      return;
    }
    const channelId = 'channel' in body && body.channel ? body.channel.id : '';
    let reply: Reply;
    if (!parsed.success) reply = expiredButton;
    else
      reply = await runCommand(
        parsed.data.command,
        parsed.data.args,
        await contextFor(body.user.id, channelId, parsed.data.command),
      );
    const message = renderReply(reply);
    if (message.file) {
      await deliver(client, channelId, message, respond);
      return;
    }
    // A page replaces the message the button is on; anything else (More like this, 👍, a problem) goes to the clicker alone.
    await respond(
      parsed.success && turnsPage(parsed.data) && !message.ephemeral
        ? { replace_original: true, text: message.text, blocks: message.blocks }
        : { response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks },
    );
  });

  app.view(QUESTION_VIEW, async ({ ack, view, body, client }) => {
    await ack();
    const submitted = submittedQuestion(view);
    if (!submitted) {
      log.warn({ view: view.id }, 'slack: a question form this bot cannot read');
      return;
    }
    const { asked, question } = submitted;
    const context = await contextFor(body.user.id, asked.channel, asked.action.command);
    await answerQuestion(client, asked, question, body.user.id, context);
  });

  // A paper link pasted in a channel unfurls into the paper's card (arxiv.org, huggingface.co, openreview.net).
  app.event('link_shared', async ({ event, client }) => {
    await unfurlPaperLinks(bot, client, event);
  });

  if (options.distribution) useDistribution(app, bot, options.distribution.installations);

  app.error(async (error) => {
    log.error({ err: error }, 'slack handler failed');
  });

  try {
    await app.init();
  } catch (error) {
    throw new StartupError(
      `Slack rejected SLACK_BOT_TOKEN (${slackError(error) ?? (error as Error).message}); copy the Bot User OAuth Token again`,
    );
  }
  if (options.appToken) await checkAppToken(options.appToken, options.apiUrl);
  let port: number | undefined;
  try {
    const server = (await app.start(options.appToken ? (undefined as never) : (options.port ?? 3000))) as unknown;
    const address = options.appToken ? undefined : (server as { address(): { port: number } }).address();
    port = address?.port;
  } catch (error) {
    throw new StartupError(`cannot start Slack: ${slackError(error) ?? (error as Error).message}`);
  }
  bot.daily.useSender(
    'slack',
    options.distribution
      ? workspaceSender(options.distribution.installations, options.apiUrl, options.botToken)
      : slackSender(dailyClient(options.botToken!, options.apiUrl)),
  );
  log.info({ mode: options.appToken ? 'socket' : 'http', port }, 'slack connected');
  return {
    name: 'slack',
    ...(port ? { port } : {}),
    async stop() {
      await app.stop();
      options.distribution?.installations.close();
      log.info('slack disconnected');
    },
  };
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
