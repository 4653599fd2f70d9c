import type { Card, Element, Message, Source } from '../../src/core/card.js';
import { present, presentHit } from '../../src/core/present.js';
import type { Action, Reply } from '../../src/core/reply.js';
import type { SearchHit } from '../../src/search/paper-index.js';
import { type Style, terminalText, terminalUrl, WARNING } from './format.js';

// The styles callers choose between when they render, beside the renderers themselves.
export { ansiStyle, plainStyle, type Style } from './format.js';

/** What the chat reads as the Prev and Next buttons. */
const PAGE_TURNS = { prev: '/back', next: '/more' } as const;

function sourceLine(source: Source, style: Style): string {
  const url = source.url ? ` — ${terminalUrl(source.url)}` : '';
  const mark = source.number ? `[${source.number}]` : '-';
  const detail = style.dim(`(${terminalText(source.detail, style)})`);
  return `${mark} ${style.strong(terminalText(source.title, style))}${url} ${detail}`;
}

/**
 * An element as lines (the card dims its small print). A labelled list stands after a blank line instead of
 * its label: its [n] marks say what it is.
 */
function elementLines(element: Element, style: Style): string[] {
  switch (element.kind) {
    case 'text':
      return `${element.warning ? WARNING : ''}${terminalText(element.text, style)}`.split('\n');
    case 'context':
      return [terminalText(element.text, style)];
    case 'fields':
      return [element.fields.map((field) => terminalText(field.value, style)).join(' · ')];
    case 'links':
      return [element.links.map((link) => `${link.label.toLowerCase()}: ${terminalUrl(link.url)}`).join(' · ')];
    case 'code':
      return element.code.split('\n');
    case 'sources':
      return [...(element.label ? [''] : []), ...element.sources.map((source) => sourceLine(source, style))];
  }
}

/** A card: its title (numbered in a list), then its lines indented under the number. */
export function renderCard(card: Card, style: Style): string {
  const title = card.title ? style.strong(terminalText(card.title, style)) : undefined;
  const indent = card.position ? ' '.repeat(`${card.position}. `.length) : '';
  // Links and id share one dim line of small print, after the text.
  const isSmall = (e: Element) => e.kind === 'context' || e.kind === 'links';
  const small = card.elements
    .filter(isSmall)
    .flatMap((e) => elementLines(e, style))
    .join(' · ');
  const rest = card.elements.filter((e) => !isSmall(e));
  return [
    ...(title ? [card.position ? `${card.position}. ${title}` : title] : []),
    ...rest.flatMap((e) => elementLines(e, style)).map((line) => (line ? indent + line : line)),
    ...(small ? [indent + style.dim(small)] : []),
  ].join('\n');
}

/** The typed form of a button's action, where one line can say it: `/paper similar <id>`. */
function typedLine(action: Action): string | undefined {
  const values = Object.values(action.args);
  if (values.length !== 1) return undefined;
  return ['/paper', ...(action.command === 'paper' ? [] : [action.command]), String(values[0])].join(' ');
}

/** The buttons, as what to type instead: Next is /more; a vote, which a line cannot say, is left out. */
function buttonLine(message: Message, style: Style): string {
  const turns = message.paging ? (['prev', 'next'] as const).filter((turn) => message.paging?.[turn].action) : [];
  const typed = message.buttons.flatMap((b) => {
    const line = b.action && typedLine(b.action);
    return line ? [`${b.label}: ${line}`] : [];
  });
  const hints = [...turns.map((turn) => `${message.paging?.[turn].label}: ${PAGE_TURNS[turn]}`), ...typed];
  return hints.length ? style.dim(hints.join(' · ')) : '';
}

/**
 * A message as terminal text: a bold heading line and its lines, the cards, a file's content (a terminal shows
 * it where a chat would attach it), then what to type for the buttons.
 */
export function renderMessage(message: Message, style: Style): string {
  const heading = [...(message.title ? [message.title] : []), ...message.subtitle]
    .map((t) => terminalText(t, style))
    .join(' · ');
  const head = [
    ...(heading ? [style.strong(heading)] : []),
    ...message.elements.flatMap((e) => elementLines(e, style)),
  ];
  const file = message.file ? [message.file.content.trimEnd()] : [];
  return [head.join('\n'), ...message.cards.map((card) => renderCard(card, style)), ...file, buttonLine(message, style)]
    .filter(Boolean)
    .join('\n\n');
}

export const renderReply = (reply: Reply, style: Style): string => renderMessage(present(reply), style);

/** One search hit, numbered by its place in the list (the one-shot `paperbot search`). */
export const renderHit = (hit: SearchHit, position: number, style: Style): string =>
  renderCard(presentHit(hit, position), style);
