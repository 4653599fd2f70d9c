import type { Action, CommandUsage } from './reply.js';

/**
 * The neutral message every adapter renders: `present` turns a `Reply` into one, holding all the wording;
 * Discord, Slack and the console only lay its elements out, escape outside text and keep to their limits.
 */

/**
 * A piece of text. A plain string is the bot's own words; a `Styled` span says more: text from outside (a query,
 * a title, an abstract) that every renderer escapes, matched words in bold, a link, or a literal to type.
 */
export type Span = string | Styled | { readonly command: CommandUsage };
export interface Styled {
  readonly text: string;
  readonly untrusted?: boolean;
  readonly strong?: boolean;
  readonly url?: string;
  /** Something to type, such as a command: code on chat platforms. */
  readonly code?: boolean;
}
/** Inline pieces in order; a "\n" inside a string starts a new line. */
export type Text = readonly Span[];

export interface Link {
  readonly label: string;
  readonly url: string;
}

export interface Field {
  readonly label: string;
  readonly value: Text;
}

/** One entry of a list of papers: a numbered source of an answer, or a closest paper. */
export interface Source {
  /** The citation number ([1]); absent in an unnumbered list. */
  readonly number?: number;
  readonly title: Text;
  readonly url?: string;
  /** Small print after it, such as its id. */
  readonly detail: Text;
}

export type Element =
  /** Prose; a warning gets the platform's warning sign in front. */
  | { readonly kind: 'text'; readonly text: Text; readonly warning?: boolean }
  /** Small print: a paper's id. */
  | { readonly kind: 'context'; readonly text: Text }
  | { readonly kind: 'fields'; readonly fields: readonly Field[] }
  | { readonly kind: 'links'; readonly links: readonly Link[] }
  /** Text to copy as it is (a BibTeX entry): a code block on chat platforms. */
  | { readonly kind: 'code'; readonly code: string }
  | { readonly kind: 'sources'; readonly label?: Text; readonly sources: readonly Source[] };

/** A block of its own within a message: a paper, an answer, the list of commands. */
export interface Card {
  readonly title?: Text;
  /** Where the title links to. */
  readonly url?: string;
  /** Its place in the whole list of results (6 on page 2), where the list is numbered. */
  readonly position?: number;
  readonly elements: readonly Element[];
  /** Buttons about this card alone (Ask about this paper): beside it where the platform can, else in a row. */
  readonly buttons?: readonly Button[];
}

export interface Button {
  /** A stable name for the button within its message ("next", "up"), never shown. */
  readonly id: string;
  readonly label: string;
  /** The label where the buttons of several cards share one row, away from their cards (Discord). */
  readonly shortLabel?: string;
  readonly style: 'primary' | 'secondary';
  /** What it runs; absent, the button is shown disabled where the platform keeps a place for it. */
  readonly action?: Action;
}

export interface Paging {
  readonly page: number;
  readonly pageCount: number;
  readonly prev: Button;
  readonly next: Button;
}

/** A file sent with a message: a Discord attachment, a Slack upload, the text itself in a terminal. */
export interface Attachment {
  readonly name: string;
  readonly mimeType: string;
  readonly content: string;
}

export interface Message {
  /** Shown only to the person who asked (Discord and Slack ephemeral). */
  readonly private: boolean;
  /** The heading line ("Papers for “q”") and the facts beside it ("page 2 of 5", "from the archive"). */
  readonly title?: Text;
  readonly subtitle: readonly Text[];
  /**
   * The request restated ("Answer to “q”") for chat platforms, where a slash command's text is not shown
   * beside the reply; a terminal has it on the line above.
   */
  readonly echo?: Text;
  /** Lines under the heading, above the cards: a notice, an error, "Showing results for …". */
  readonly elements: readonly Element[];
  readonly cards: readonly Card[];
  readonly paging?: Paging;
  readonly buttons: readonly Button[];
  readonly file?: Attachment;
}

/** The text with outside text as it came: for fallback text, logs and lengths. */
export const plainText = (text: Text): string =>
  text.map((part) => (typeof part === 'string' ? part : 'command' in part ? part.command.usage : part.text)).join('');
