import type { Text } from '../../src/core/card.js';

/** How matched words and titles stand out: ANSI bold on a terminal, nothing when piped. */
export interface Style {
  strong(text: string): string;
  dim(text: string): string;
}

export const plainStyle: Style = { strong: (t) => t, dim: (t) => t };
export const ansiStyle: Style = { strong: (t) => `\x1b[1m${t}\x1b[22m`, dim: (t) => `\x1b[2m${t}\x1b[22m` };

/** The console's warning sign before an error. */
export const WARNING = '✗ ';

// Text from outside (queries, titles, abstracts) may carry terminal escape sequences; they are never printed.
const safe = (text: string) => text.replace(/[\p{Cc}\p{Cf}]/gu, ' ');

/** A URL from outside, printed as text: its control characters percent-encoded, so it can never drive the terminal. */
export const terminalUrl = (url: string) => url.replace(/[\p{Cc}\p{Cf}\s]/gu, (c) => encodeURIComponent(c));

/** Card text for a terminal: outside text made inert, matched words bold; a link shows its label only. */
export const terminalText = (text: Text, style: Style): string =>
  text
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('command' in part) return part.command.usage;
      const shown = part.untrusted ? safe(part.text) : part.text;
      return part.strong ? style.strong(shown) : shown;
    })
    .join('');
