import { escapeMarkdown } from 'discord.js';

/**
 * Makes outside text (a query, a title, an abstract) inert in a Discord message: no markdown, no masked
 * links, no headings or lists, and no mention syntax. allowed_mentions already stops pings; breaking the
 * syntax too keeps "@everyone" from even looking like a ping and survives a copy-paste by a person.
 */
export function escapeText(text: string): string {
  return escapeMarkdown(text, { maskedLink: true, heading: true, bulletedList: true, numberedList: true })
    .replace(/@/g, '@\u200b')
    .replace(/<(?=[@#:&!/]|a:|t:)/g, '<\u200b');
}

/** Cuts text to a Discord limit with an ellipsis, never leaving a dangling escape backslash. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text
    .slice(0, max - 1)
    .replace(/\\+$/, '')
    .trimEnd()}…`;
}
