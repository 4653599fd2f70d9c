import {
  type ButtonInteraction,
  ComponentType,
  DiscordAPIError,
  MessageFlags,
  type ModalSubmitInteraction,
  type REST,
  Routes,
  TextInputStyle,
} from 'discord.js';
import { withQuestion } from '../../src/answers/ask-paper-action.js';
import { liveReply } from '../../src/answers/live.js';
import { MAX_QUERY_LENGTH } from '../../src/commands/args.js';
import type { CommandContext } from '../../src/commands/command.js';
import { runCommand } from '../../src/commands/dispatch.js';
import type { Action } from '../../src/core/action.js';
import type { Bot } from '../../src/core/bot.js';
import { log } from '../../src/core/log.js';
import { QUESTION_FORM, threadName } from '../../src/core/present.js';
import { expiredForm } from '../../src/core/problems.js';
import type { Reply } from '../../src/core/reply.js';
import { decodeFormId, encodeAction, encodeFormId } from './custom-id.js';
import { type DiscordMessage, renderReply } from './render.js';

const QUESTION_INPUT = 'question';
// "A thread has already been created for this message": later questions continue in it.
const THREAD_EXISTS = 160004;
// A day without a question archives the thread; a new question brings it back.
const ARCHIVE_AFTER_MINUTES = 1440;

/** Opens the question form for a paper's Ask button (a modal must be the first answer to the click). */
export async function openQuestionForm(bot: Bot, interaction: ButtonInteraction, action: Action): Promise<void> {
  await interaction.showModal({
    custom_id: await encodeFormId(bot, action),
    title: QUESTION_FORM.title,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: QUESTION_INPUT,
            label: QUESTION_FORM.label,
            placeholder: QUESTION_FORM.placeholder,
            style: TextInputStyle.Paragraph,
            min_length: 1,
            max_length: MAX_QUERY_LENGTH,
            required: true,
          },
        ],
      },
    ],
  });
}

const body = (message: DiscordMessage) => ({
  content: message.content,
  embeds: message.embeds,
  components: message.components,
  allowed_mentions: message.allowedMentions,
});

/** The thread on the card's message: started now, or the one started before, which has the message's id. */
async function threadOn(rest: REST, channelId: string, messageId: string, name: string): Promise<string> {
  try {
    const thread = (await rest.post(Routes.threads(channelId, messageId), {
      body: { name, auto_archive_duration: ARCHIVE_AFTER_MINUTES },
    })) as { id: string };
    return thread.id;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === THREAD_EXISTS) return messageId;
    throw error;
  }
}

/**
 * Answers a submitted question about a paper in a thread under the card it was asked from, the answer streaming
 * into its message. Where no thread can be (a card only the asker sees, a DM, a channel the bot may not thread
 * in), the answer comes back to the asker as the form's reply instead.
 */
export async function answerQuestion(
  bot: Bot,
  interaction: ModalSubmitInteraction,
  context: CommandContext,
): Promise<void> {
  const render = (reply: Reply) => renderReply(reply, (action) => encodeAction(bot, action));
  const action = decodeFormId(bot, interaction.customId);
  if (!action) {
    await interaction.reply(await render(expiredForm));
    return;
  }
  const run = (progress?: (reply: Reply) => void) =>
    runCommand(
      action.command,
      withQuestion(action, interaction.fields.getTextInputValue(QUESTION_INPUT)).args,
      progress ? { ...context, progress } : context,
    );
  const card = interaction.message;
  const threadable = card && interaction.inGuild() && !card.flags.has(MessageFlags.Ephemeral);
  let threadId: string | undefined;
  if (threadable) {
    await interaction.deferUpdate();
    const paper = bot.index.get(String(action.args.paper));
    threadId = await threadOn(interaction.client.rest, card.channelId, card.id, threadName(paper)).catch(
      (error: unknown) => {
        log.warn({ err: error, channel: card.channelId }, 'discord: cannot start a thread; answering the asker');
        return undefined;
      },
    );
  } else {
    await interaction.deferReply(card?.flags.has(MessageFlags.Ephemeral) ? { flags: MessageFlags.Ephemeral } : {});
  }
  if (!threadId) {
    const payload = await render(await run());
    // After deferUpdate an edit would change the card itself, so the answer follows up instead.
    await (threadable
      ? interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral })
      : interaction.editReply({
          content: payload.content,
          embeds: payload.embeds,
          components: payload.components,
          allowedMentions: payload.allowedMentions,
        }));
    return;
  }
  const rest = interaction.client.rest;
  const thread = threadId;
  let posted: string | undefined;
  const show = async (message: DiscordMessage) => {
    if (posted) await rest.patch(Routes.channelMessage(thread, posted), { body: body(message) });
    else posted = ((await rest.post(Routes.channelMessages(thread), { body: body(message) })) as { id: string }).id;
  };
  const live = liveReply(async (reply) => show(await render(reply)));
  const final = await render(await run(live.push));
  await live.settle();
  if (final.flags) await interaction.followUp({ ...final, flags: MessageFlags.Ephemeral });
  else await show(final);
}
