import type { Element, Link, Source, Text } from '../../src/core/card.js';
import type { CommandUsage } from '../../src/core/reply.js';
import { escapeText, truncate } from './escape.js';

/** Discord's warning sign before an error. */
const WARNING = '⚠️ ';

// A URL from outside with ")" or spaces in it would end the masked link early: those are percent-encoded.
const masked = (label: string, url: string) => `[${label}](${url.replace(/[()<>\s]/g, (c) => encodeURIComponent(c))})`;

/** A command as Discord shows it: `/ask question:`. */
export const discordUsage = (usage: CommandUsage) =>
  `\`/${[usage.name, ...usage.arguments.map((a) => `${a}:`)].join(' ')}\``;

/** Card text as Discord markdown: outside text escaped, bold, masked links and code. */
export const markdown = (text: Text): string =>
  text
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('command' in part) return discordUsage(part.command);
      let out = part.untrusted ? escapeText(part.text) : part.text;
      if (part.code) out = `\`${out}\``;
      if (part.strong) out = `**${out}**`;
      return part.url ? masked(out, part.url) : out;
    })
    .join('');

const linkLine = (links: readonly Link[]) => links.map((link) => masked(link.label, link.url)).join(' · ');

function sourceLine(source: Source): string {
  const title = source.url ? masked(markdown(source.title), source.url) : markdown(source.title);
  return `${source.number ? `${source.number}.` : '•'} ${title}`;
}

// Room for a code block in an embed's description, beside its fences.
const CODE_LENGTH = 3900;

/** Text to copy in a code block; a run of backticks in it is broken so it cannot close the block early. */
export const codeBlock = (code: string) =>
  `\`\`\`\n${truncate(code.replace(/`(?=`)/g, '`\u200b'), CODE_LENGTH)}\n\`\`\``;

/** An element as lines of markdown, in a message's text or an embed's description. */
export function elementText(element: Element): string {
  switch (element.kind) {
    case 'text':
      return `${element.warning ? WARNING : ''}${markdown(element.text)}`;
    case 'context':
      return markdown(element.text);
    case 'fields':
      return element.fields.map((field) => `**${field.label}**: ${markdown(field.value)}`).join('\n');
    case 'links':
      return linkLine(element.links);
    case 'code':
      return codeBlock(element.code);
    case 'sources':
      return [
        ...(element.label ? ['', `**${markdown(element.label)}**`] : []),
        ...element.sources.map(sourceLine),
      ].join('\n');
  }
}
