import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import { needsQuestion } from '../../src/answers/ask-paper-action.js';
import { liveReply } from '../../src/answers/live.js';
import { findCommand, runCommand, suggest } from '../../src/commands/dispatch.js';
import { MAX_SUGGESTIONS } from '../../src/commands/suggest.js';
import type { CommandContext } from '../../src/commands/table.js';
import { typedArguments } from '../../src/commands/table.js';
import type { Bot } from '../../src/core/bot.js';
import { log } from '../../src/core/log.js';
import { expiredButton, failedOnOurSide } from '../../src/core/problems.js';
import { type Reply, turnsPage } from '../../src/core/reply.js';
import { answerQuestion, openQuestionForm } from './ask-thread.js';
import { decodeAction, encodeAction } from './custom-id.js';
import { truncate } from './escape.js';
import { type DiscordMessage, renderReply } from './render.js';

// Discord drops an interaction not answered within 3 seconds; past this, acknowledge first and answer after.
// Well inside 3 s, so a late timer (a busy machine) still acknowledges in time; when searches are already
// queued for a worker the answer cannot be quick, and the interaction is deferred at once instead.
const DEFER_AFTER_MS = 1000;
const MAX_CHOICE_LENGTH = 100;

function contextOf(bot: Bot, interaction: Interaction): CommandContext {
  return {
    bot,
    channel: { platform: 'discord', id: interaction.channelId ?? `dm-${interaction.user.id}` },
    // The member's permissions in this channel, as Discord computed them for this interaction (none in DMs).
    canManageChannel: interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
    user: interaction.user.id,
  };
}

const render = (bot: Bot, reply: Reply) => renderReply(reply, (action) => encodeAction(bot, action));

/** A message as an edit of one already sent (an edit cannot change whether it is private). */
const edited = ({ content, embeds, components, allowedMentions, files }: DiscordMessage) => ({
  content,
  embeds,
  components,
  allowedMentions,
  ...(files ? { files } : {}),
});

/**
 * Runs the work and answers; if the work is slow, defers first so Discord does not drop the interaction. The
 * timer is set before the work starts, and search runs off the event loop (bot.search), so it can fire.
 */
async function answerInTime(
  bot: Bot,
  interaction: ChatInputCommandInteraction,
  work: (progress: (reply: Reply) => void) => Promise<DiscordMessage>,
): Promise<void> {
  let deferred: Promise<unknown> | undefined;
  const defer = () =>
    (deferred ??= interaction
      .deferReply()
      .catch((error: unknown) => log.warn({ err: error }, 'discord: could not defer the reply')));
  // With searches already waiting for a worker this answer will not be quick: acknowledge at once.
  const timer = setTimeout(defer, bot.searchesWaiting() > 0 ? 0 : DEFER_AFTER_MS);
  // An answer being written shows in the deferred reply, edited as it grows (at most once a second).
  const live = liveReply(async (reply) => {
    await defer();
    await interaction.editReply(edited(await render(bot, reply)));
  });
  const payload = await work(live.push).finally(() => clearTimeout(timer));
  await live.settle();
  if (!deferred) {
    await interaction.reply(payload);
    return;
  }
  await deferred;
  if (payload.flags) {
    // The placeholder was public; a private answer replaces it with a message only the asker sees.
    await interaction.deleteReply();
    await interaction.followUp(payload);
  } else {
    await interaction.editReply(edited(payload));
  }
}

async function onCommand(bot: Bot, interaction: ChatInputCommandInteraction): Promise<void> {
  const command = findCommand(interaction.commandName);
  // Each option as Discord typed it (text, a whole number); the command's schema checks it.
  const args: Record<string, unknown> = {};
  for (const argument of command ? typedArguments(command) : []) {
    const value = interaction.options.get(argument)?.value;
    if (value !== undefined) args[argument] = value;
  }
  await answerInTime(bot, interaction, (progress) =>
    runCommand(interaction.commandName, args, { ...contextOf(bot, interaction), progress }).then((reply) =>
      render(bot, reply),
    ),
  );
}

async function onButton(bot: Bot, interaction: ButtonInteraction): Promise<void> {
  const action = decodeAction(bot, interaction.customId);
  if (!action) {
    await interaction.reply(await render(bot, expiredButton));
    return;
  }
  if (needsQuestion(action)) {
    await openQuestionForm(bot, interaction, action);
    return;
  }
  // A page replaces the message it came from; anything else (More like this, 👍, a problem) goes to the clicker alone.
  const pageTurn = turnsPage(action);
  // As for commands: a slow answer (searches queued for a worker, a paper fetched from arXiv) is acknowledged first.
  let deferred: Promise<unknown> | undefined;
  const defer = () =>
    (deferred ??= (
      pageTurn ? interaction.deferUpdate() : interaction.deferReply({ flags: MessageFlags.Ephemeral })
    ).catch((error: unknown) => log.warn({ err: error }, 'discord: could not defer the click')));
  const timer = setTimeout(defer, bot.searchesWaiting() > 0 ? 0 : DEFER_AFTER_MS);
  const payload = await runCommand(action.command, action.args, contextOf(bot, interaction))
    .then((reply) => render(bot, reply))
    .finally(() => clearTimeout(timer));
  if (deferred) {
    await deferred;
    // After a deferred page turn, a problem goes to the clicker alone rather than over the list.
    if (pageTurn && payload.flags) await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
    else await interaction.editReply(edited(payload));
    return;
  }
  if (pageTurn && !payload.flags) {
    await interaction.update({
      content: payload.content,
      embeds: payload.embeds,
      components: payload.components,
      allowedMentions: payload.allowedMentions,
    });
  } else {
    await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
  }
}

async function onAutocomplete(bot: Bot, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const choices = (
    await suggest(interaction.commandName, focused.name, String(focused.value ?? ''), contextOf(bot, interaction))
  )
    .filter((s) => s.value.length > 0 && s.value.length <= MAX_CHOICE_LENGTH)
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => ({ name: truncate(s.label, MAX_CHOICE_LENGTH), value: s.value }));
  await interaction.respond(choices);
}

/** Handles one interaction; whatever fails is logged and, where Discord still allows it, told to the user. */
export async function handleInteraction(bot: Bot, interaction: Interaction): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) await onCommand(bot, interaction);
    else if (interaction.isButton()) await onButton(bot, interaction);
    else if (interaction.isAutocomplete()) await onAutocomplete(bot, interaction);
    else if (interaction.isModalSubmit()) await answerQuestion(bot, interaction, contextOf(bot, interaction));
  } catch (error) {
    log.error({ err: error, interaction: interaction.id, type: interaction.type }, 'discord interaction failed');
    if (interaction.isRepliable() && !interaction.replied && !interaction.deferred) {
      await interaction
        .reply(await render(bot, failedOnOurSide))
        .catch((replyError: unknown) => log.warn({ err: replyError }, 'could not tell the user about the failure'));
    }
  }
}
