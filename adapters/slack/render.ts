import type { types } from '@slack/bolt';
import type { Attachment, Button, Card, Element, Message } from '../../src/core/card.js';
import { present } from '../../src/core/present.js';
import type { Action, Reply } from '../../src/core/reply.js';
import { capitalised, elementText, escapeText, mrkdwn, plain, titleText } from './format.js';
import { LIMITS, truncate, truncateEscaped } from './limits.js';

export type Block = types.KnownBlock;

export interface SlackMessage {
  /** The notification / screen-reader text that goes with the blocks. */
  readonly text: string;
  readonly blocks: Block[];
  /** Errors and help go to the asker only. */
  readonly ephemeral: boolean;
  /** Uploaded to the channel (files.uploadV2) with the text as its comment. */
  readonly file?: Attachment;
}

const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncateEscaped(text, LIMITS.sectionText) },
});
const context = (text: string): Block => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncateEscaped(text, LIMITS.contextText) }],
});
const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: truncateEscaped(text, LIMITS.headerText) },
});

const SMALL_PRINT: ReadonlySet<Element['kind']> = new Set(['fields', 'links', 'context']);

/** A card as a section (title and text, its first button beside them), a line of small print, and its sources. */
function cardBlocks(card: Card): Block[] {
  const own = card.buttons?.filter(runnable)[0];
  const main = [
    ...(card.title ? [titleText(card.title, card.url)] : []),
    ...card.elements.filter((e) => e.kind === 'text').map(elementText),
  ].join('\n');
  const small = card.elements
    .filter((e) => SMALL_PRINT.has(e.kind))
    .map(elementText)
    .join(' · ');
  const sources = card.elements.filter((e) => e.kind === 'sources').map(elementText);
  const first = main ? [own ? { ...section(main), accessory: button(own) } : section(main)] : [];
  return [...first, ...(small ? [context(small)] : []), ...sources.map(context)];
}

// Slack has no disabled buttons: a button with nothing to run is left out.
const runnable = (button: Button): button is Button & { action: Action } => button.action !== undefined;

const button = (b: Button & { action: Action }) => ({
  type: 'button' as const,
  // A label may hold a paper's title (Save …): escaped as plain_text wants, and within Slack's 75 characters.
  text: { type: 'plain_text' as const, text: truncateEscaped(escapeText(b.label), LIMITS.buttonText), emoji: true },
  action_id: `pb_${b.id}`,
  value: truncate(JSON.stringify(b.action), LIMITS.buttonValue),
  ...(b.style === 'primary' ? { style: 'primary' as const } : {}),
});

/**
 * The cards' other buttons (Save …), named for their paper, join the message's row, as a section has one
 * accessory; numbered, since action ids must differ within a block.
 */
const moreCardButtons = (message: Message): Button[] =>
  message.cards
    .flatMap((card) => card.buttons?.filter(runnable).slice(1) ?? [])
    .map((b, i) => ({ ...b, id: `${b.id}_${i + 1}`, label: b.shortLabel ?? b.label }));

function actions(message: Message): Block[] {
  const buttons = [
    ...(message.paging ? [message.paging.prev, message.paging.next] : []),
    ...message.buttons,
    ...moreCardButtons(message),
  ].filter(runnable);
  return buttons.length ? [{ type: 'actions', elements: buttons.map(button) }] : [];
}

/** A message as Block Kit: a header, a line of facts, its text, its cards (divided when a list), buttons. */
export function renderMessage(message: Message): SlackMessage {
  const facts = [...message.subtitle, ...(message.echo ? [message.echo] : [])].map(mrkdwn).join(' · ');
  const lines = message.elements.map(elementText).join('\n');
  const divided = message.cards.length > 1;
  const blocks = [
    ...(message.title ? [header(plain(message.title))] : []),
    ...(facts ? [context(capitalised(facts))] : []),
    ...(lines ? [section(lines)] : []),
    ...message.cards.flatMap((card): Block[] => [
      ...cardBlocks(card),
      ...(divided ? [{ type: 'divider' as const }] : []),
    ]),
    ...actions(message),
  ];
  const headline = message.title ? [mrkdwn(message.title), facts].filter(Boolean).join(' · ') : facts;
  const firstTitle = message.cards[0]?.title;
  const text = [headline, lines, ...(firstTitle ? [mrkdwn(firstTitle)] : [])].filter(Boolean).join('\n');
  return {
    text: truncateEscaped(text, LIMITS.fallbackText),
    blocks: blocks.slice(0, LIMITS.blocks),
    ephemeral: message.private,
    ...(message.file ? { file: message.file } : {}),
  };
}

export const renderReply = (reply: Reply): SlackMessage => renderMessage(present(reply));
