import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { withQuestion } from '../../src/answers/ask-paper-action.js';
import { MAX_QUERY_LENGTH } from '../../src/commands/args.js';
import type { CommandContext } from '../../src/commands/command.js';
import { runCommand } from '../../src/commands/dispatch.js';
import { type Action, ActionSchema } from '../../src/core/action.js';
import { QUESTION_FORM } from '../../src/core/present.js';
import { livePost } from './live-post.js';
import { renderReply, type SlackMessage } from './render.js';

/** The view's callback_id, which Bolt routes the submission by. */
export const QUESTION_VIEW = 'pb_question';
const QUESTION_BLOCK = 'question';
const QUESTION_INPUT = 'question';

/** Where a question was asked: the card's channel and, unless only the asker saw the card, its message. */
const AskedSchema = z.object({
  action: ActionSchema,
  channel: z.string().min(1),
  /** The thread to answer in: the card message's ts (or its own thread's, when the card is in one). */
  threadTs: z.string().min(1).optional(),
});
export type Asked = z.infer<typeof AskedSchema>;

/** Where a clicked card lives, from a block_actions payload. */
export function askedFrom(
  action: Action,
  body: {
    channel?: { id: string };
    message?: { ts: string; thread_ts?: string };
    container?: { is_ephemeral?: boolean; channel_id?: string };
  },
): Asked {
  const channel = body.channel?.id ?? body.container?.channel_id ?? '';
  // An ephemeral card has no message in the channel to thread under.
  const threadTs = body.container?.is_ephemeral ? undefined : (body.message?.thread_ts ?? body.message?.ts);
  return { action, channel, ...(threadTs ? { threadTs } : {}) };
}

/** Opens the question form; Slack's trigger_id lasts 3 s, so this is the first thing a click does. */
export async function openQuestionForm(client: webApi.WebClient, triggerId: string, asked: Asked): Promise<void> {
  const text = (value: string) => ({ type: 'plain_text' as const, text: value });
  await client.views.open({
    trigger_id: triggerId,
    view: {
      type: 'modal',
      callback_id: QUESTION_VIEW,
      title: text(QUESTION_FORM.title),
      submit: text(QUESTION_FORM.submit),
      private_metadata: JSON.stringify(asked),
      blocks: [
        {
          type: 'input',
          block_id: QUESTION_BLOCK,
          label: text(QUESTION_FORM.label),
          element: {
            type: 'plain_text_input',
            action_id: QUESTION_INPUT,
            multiline: true,
            max_length: MAX_QUERY_LENGTH,
            placeholder: text(QUESTION_FORM.placeholder),
          },
        },
      ],
    },
  });
}

/** The question and where it was asked, from a view_submission; undefined for a form this bot cannot read. */
export function submittedQuestion(view: {
  private_metadata?: string;
  state?: { values: Record<string, Record<string, { value?: string | null }>> };
}): { asked: Asked; question: string } | undefined {
  let metadata: unknown;
  try {
    metadata = JSON.parse(view.private_metadata ?? '');
  } catch {
    return undefined;
  }
  const asked = AskedSchema.safeParse(metadata);
  if (!asked.success) return undefined;
  return { asked: asked.data, question: view.state?.values[QUESTION_BLOCK]?.[QUESTION_INPUT]?.value ?? '' };
}

/**
 * Answers a submitted question in the thread under the card (started by this reply, or continued), the answer
 * streaming into its message; to the asker alone when the card was theirs alone, or when the answer is an error.
 */
export async function answerQuestion(
  client: webApi.WebClient,
  asked: Asked,
  question: string,
  user: string,
  context: CommandContext,
): Promise<void> {
  const { channel, threadTs } = asked;
  const privately = (message: SlackMessage) =>
    client.chat.postEphemeral({
      channel,
      user,
      text: message.text,
      blocks: message.blocks,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
  const args = withQuestion(asked.action, question).args;
  if (!threadTs) {
    await privately(renderReply(await runCommand(asked.action.command, args, context)));
    return;
  }
  const live = livePost(client, channel, threadTs);
  const reply = await runCommand(asked.action.command, args, { ...context, progress: live.progress });
  await live.finish(renderReply(reply), async (message) => {
    if (message.ephemeral) await privately(message);
    else
      await client.chat.postMessage({
        channel,
        thread_ts: threadTs,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
  });
}
