import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from 'discord.js';
import { type Button, type Card, type Message, plainText } from '../../src/core/card.js';
import { present } from '../../src/core/present.js';
import type { Action, Reply } from '../../src/core/reply.js';
import { truncate } from './escape.js';
import { elementText, markdown } from './format.js';
import { fitEmbeds, LIMITS } from './limits.js';

const COLOR = 0x4f6bed;

/** A message as discord.js sends it; every one refuses to ping anybody. */
export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: { parse: [] };
  flags?: MessageFlags.Ephemeral;
  /** Sent as multipart `files[n]` beside the message's JSON. */
  files?: { name: string; attachment: Buffer }[];
}

/** Turns an action into a button's custom_id (at most 100 characters; the encoder may store long ones). */
export type EncodeAction = (action: Action) => Promise<string>;

/** A card as an embed: fields beside each other, small print in the footer (which shows no markdown). */
function embed(card: Card): APIEmbed {
  const description = card.elements
    .filter((e) => e.kind !== 'fields' && e.kind !== 'context')
    .map(elementText)
    .join('\n');
  const fields = card.elements
    .flatMap((e) => (e.kind === 'fields' ? e.fields : []))
    .map((field) => ({ name: field.label, value: truncate(markdown(field.value), LIMITS.field), inline: true }));
  const footer = card.elements.flatMap((e) => (e.kind === 'context' ? [plainText(e.text)] : [])).join(' · ');
  return {
    ...(card.title ? { title: truncate(markdown(card.title), LIMITS.title) } : {}),
    ...(card.url ? { url: card.url } : {}),
    ...(description ? { description: truncate(description, LIMITS.description) } : {}),
    ...(fields.length ? { fields } : {}),
    ...(footer ? { footer: { text: truncate(footer, LIMITS.footer) } } : {}),
    color: COLOR,
  };
}

/** The message's own text: its bold heading with the facts beside it, then its lines. */
function content(message: Message): string {
  const heading = [
    ...(message.title ? [`**${markdown(message.title)}**`] : []),
    ...message.subtitle.map(markdown),
  ].join(' · ');
  const echo = message.echo ? markdown(message.echo) : '';
  return [heading, echo, ...message.elements.map(elementText)].filter(Boolean).join('\n');
}

// A button without an action keeps its place, disabled, so Prev and Next do not jump around.
const button = async (button: Button, encode: EncodeAction): Promise<APIButtonComponent> => ({
  type: ComponentType.Button,
  style: button.style === 'primary' ? ButtonStyle.Primary : ButtonStyle.Secondary,
  label: button.label,
  custom_id: button.action ? await encode(button.action) : `none:${button.id}`,
  disabled: !button.action,
});

// Discord's most buttons in a row, and rows in a message.
const ROW_LENGTH = 5;
const MAX_ROWS = 5;

/**
 * The cards' own buttons (Ask about …, Save …), in rows after the message's: embeds cannot hold buttons. Each
 * kind has rows of its own, so a page of five papers shows a row of Ask buttons and a row of Save buttons.
 */
function cardButtonRows(message: Message): Button[][] {
  const buttons = message.cards.flatMap((card) => card.buttons ?? []);
  const labelled = buttons.map((b) => ({ ...b, label: truncate(b.shortLabel ?? b.label, LIMITS.buttonLabel) }));
  return [...new Set(labelled.map((b) => b.id))].flatMap((id) => {
    const kind = labelled.filter((b) => b.id === id);
    return Array.from({ length: Math.ceil(kind.length / ROW_LENGTH) }, (_, i) =>
      kind.slice(i * ROW_LENGTH, (i + 1) * ROW_LENGTH),
    );
  });
}

async function rows(message: Message, encode: EncodeAction): Promise<DiscordMessage['components']> {
  const groups = [
    message.paging ? [message.paging.prev, message.paging.next] : [],
    message.buttons,
    ...cardButtonRows(message),
  ];
  return Promise.all(
    groups
      .filter((group) => group.length > 0)
      .slice(0, MAX_ROWS)
      .map(async (group) => ({
        type: ComponentType.ActionRow as const,
        components: await Promise.all(group.map((b) => button(b, encode))),
      })),
  );
}

/** A message as Discord shows it: text, embeds for its cards, buttons, and private when only for the asker. */
export async function renderMessage(message: Message, encode: EncodeAction): Promise<DiscordMessage> {
  return {
    content: truncate(content(message), LIMITS.content),
    embeds: fitEmbeds(message.cards.map(embed)),
    components: await rows(message, encode),
    allowedMentions: { parse: [] },
    ...(message.private ? { flags: MessageFlags.Ephemeral } : {}),
    ...(message.file ? { files: [{ name: message.file.name, attachment: Buffer.from(message.file.content) }] } : {}),
  };
}

export const renderReply = (reply: Reply, encode: EncodeAction): Promise<DiscordMessage> =>
  renderMessage(present(reply), encode);
