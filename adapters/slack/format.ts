import { type Element, type Link, plainText, type Source, type Text } from '../../src/core/card.js';
import type { CommandUsage } from '../../src/core/reply.js';
import { LIMITS, truncateEscaped } from './limits.js';

/** Slack's warning sign before an error. */
const WARNING = ':warning: ';

/** Slack's only control characters in message text: escaped, a query can never become <!channel> or <@U…>. */
export const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// A URL comes from outside (a feed's project page): "<", ">" or "|" in it would end the link early and could
// leave a live <!channel>, so they are percent-encoded; in the label, "|" would end the URL part.
const safeUrl = (url: string) => url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
const link = (url: string, label: string) => `<${safeUrl(url)}|${label.replace(/\|/g, '¦')}>`;

/** A command as typed on Slack, where everything goes through the one `/paper` command. */
export const slackUsage = (usage: CommandUsage) => {
  const words = [
    '/paper',
    ...(usage.name === 'paper' ? [] : [usage.name]),
    usage.hint ?? usage.arguments.map((a) => `<${a}>`).join(' '),
  ];
  return `\`${words.filter(Boolean).join(' ')}\``;
};

/** Card text as mrkdwn: everything escaped (Slack asks it of the bot's words too), bold, links and code. */
export const mrkdwn = (text: Text): string =>
  text
    .map((part) => {
      if (typeof part === 'string') return escapeText(part);
      if ('command' in part) return slackUsage(part.command);
      let out = escapeText(part.text);
      if (part.code) out = `\`${out}\``;
      if (part.strong) out = `*${out}*`;
      return part.url ? link(part.url, out) : out;
    })
    .join('');

/** Card text for a plain_text field, which still wants &, < and > escaped. */
export const plain = (text: Text): string => escapeText(plainText(text));

/** A title, linked where it has somewhere to go. */
export const titleText = (title: Text, url?: string) => `*${url ? link(url, mrkdwn(title)) : mrkdwn(title)}*`;

const linkLine = (links: readonly Link[]) => links.map((l) => link(l.url, escapeText(l.label))).join(' · ');

function sourceLine(source: Source): string {
  const title = source.url ? link(source.url, mrkdwn(source.title)) : mrkdwn(source.title);
  return `${source.number ? `${source.number}.` : '•'} ${title}`;
}

/** An element as mrkdwn lines; fields show their values alone, as small print. */
export function elementText(element: Element): string {
  switch (element.kind) {
    case 'text':
      return `${element.warning ? WARNING : ''}${mrkdwn(element.text)}`;
    case 'context':
      return mrkdwn(element.text);
    case 'fields':
      return element.fields.map((field) => truncateEscaped(mrkdwn(field.value), LIMITS.fieldValue)).join(' · ');
    case 'links':
      return linkLine(element.links);
    case 'code':
      // Inside a code block Slack still reads &, < and >: escaped, and cut to leave room for the fences.
      return `\`\`\`${truncateEscaped(escapeText(element.code.replace(/`(?=`)/g, '`\u200b')), LIMITS.sectionText - 8)}\`\`\``;
    case 'sources':
      return [...(element.label ? [`*${mrkdwn(element.label)}*`] : []), ...element.sources.map(sourceLine)].join('\n');
  }
}

/** A line that begins a block starts with a capital, though the same words follow a title elsewhere. */
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
