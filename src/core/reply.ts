import type { z } from 'zod';
import type { CitedSentence } from '../answers/citations.js';
import type { Citation } from '../search/answer.js';
import type { SearchHit } from '../search/paper-index.js';
import type { Tldr } from '../search/tldr.js';
import type { SavedPaper } from '../team/reading-list.js';
import type { ActionSchema } from './action.js';
import type { Attachment } from './card.js';
import type { Paper } from './paper.js';

/**
 * Text of a reply in pieces: plain strings are the bot's own words; `{ untrusted }` is text from outside (typed by a person, or a paper title),
 * which every renderer escapes so it can never ping anyone or break formatting.
 */
export type Inline = string | { readonly untrusted: string };
export type RichText = readonly Inline[];

/** What a button (or the console's "/more") runs: a command of the table with its arguments. */
export type Action = z.infer<typeof ActionSchema>;

export interface CommandUsage {
  /** The command's name, e.g. "ask" (Discord shows it as `/ask question:`). */
  readonly name: string;
  /** The arguments typed after it, in order, e.g. ["question"]. */
  readonly arguments: readonly string[];
  /** How the arguments are typed when `<argument>` would not say it. */
  readonly hint?: string;
  /** How it is typed in a chat with one text line, e.g. `/paper ask <question>`. */
  readonly usage: string;
}

export interface CommandHelp extends CommandUsage {
  readonly description: string;
}

/** Why a quoted answer is shown though a language model is configured: the channel's allowance is used up, or it failed. */
export type LlmFallback =
  | { readonly reason: 'busy'; readonly retryAfterSeconds: number }
  | { readonly reason: 'failed' };

/** A paper on a channel's reading list, with the paper itself. */
export interface ReadingListEntry {
  readonly paper: Paper;
  readonly saved: SavedPaper;
}

/** A platform-neutral reply. Adapters render it; errors and help are shown only to the person who asked. */
export type Reply =
  | {
      readonly kind: 'papers';
      readonly heading: RichText;
      /** "Showing results for …" when the query was read with corrected spelling. */
      readonly correctedQuery?: string;
      readonly hits: readonly SearchHit[];
      readonly page: number;
      readonly pageCount: number;
      readonly total: number;
      readonly prev?: Action;
      readonly next?: Action;
    }
  | {
      readonly kind: 'answer';
      readonly question: string;
      readonly citations: readonly Citation[];
      readonly fallback?: LlmFallback;
    }
  | {
      readonly kind: 'no-answer';
      readonly question: string;
      readonly closest: readonly Paper[];
      readonly fallback?: LlmFallback;
    }
  /** An answer a language model wrote from the abstracts; `writing` while it is still streaming in. */
  | {
      readonly kind: 'written-answer';
      readonly question: string;
      readonly sentences: readonly CitedSentence[];
      readonly model: string;
      readonly writing?: boolean;
    }
  /** A paper in short: its TL;DR picked from the abstract, Hugging Face's AI summary when it has one, its links. */
  | { readonly kind: 'summary'; readonly paper: Paper; readonly tldr: Tldr }
  | { readonly kind: 'notice'; readonly text: RichText; readonly private?: boolean }
  /** A channel's weekly digest: its top papers of the week (`week` as 2026-W48). */
  | { readonly kind: 'digest'; readonly week: string; readonly hits: readonly SearchHit[] }
  /** The card a pasted link unfolds into: the paper, its abstract cut short. */
  | { readonly kind: 'unfolded'; readonly paper: Paper; readonly abstract: string }
  | {
      readonly kind: 'daily';
      readonly paper: Paper;
      /** The channel topic it matched: "Because you follow …". */
      readonly topic?: string;
      /** Nothing new matched, so it is an older paper the channel has not seen. */
      readonly archive: boolean;
      /** The abstract cut on a sentence boundary. */
      readonly abstract: string;
      readonly more: Action;
      readonly up: Action;
      readonly down: Action;
    }
  /** A page of the channel's reading list, newest saved first. */
  | {
      readonly kind: 'reading-list';
      readonly heading: RichText;
      readonly entries: readonly ReadingListEntry[];
      readonly page: number;
      readonly pageCount: number;
      readonly total: number;
      readonly prev?: Action;
      readonly next?: Action;
      /** Sends the whole list as a .bib file. */
      readonly export: Action;
    }
  /** A paper's BibTeX entry, to copy. */
  | { readonly kind: 'citation'; readonly paper: Paper; readonly bibtex: string }
  /** A file sent with a line about it (the reading list as BibTeX or RIS). */
  | { readonly kind: 'file'; readonly text: RichText; readonly file: Attachment }
  | { readonly kind: 'error'; readonly text: RichText; readonly usage?: CommandUsage }
  | { readonly kind: 'help'; readonly commands: readonly CommandHelp[]; readonly intro?: RichText };

/** A Prev/Next button: it replaces the message it is on; any other button answers the clicker apart. */
export const turnsPage = (action: Action): boolean => 'page' in action.args;

/** Replies only the asker should see (Discord ephemeral, Slack ephemeral). */
export const isPrivate = (reply: Reply): boolean =>
  reply.kind === 'error' || reply.kind === 'help' || (reply.kind === 'notice' && reply.private === true);

/** The reply's text with user text as typed: for logs and plain-text fallbacks. */
export const plain = (text: RichText): string =>
  text.map((part) => (typeof part === 'string' ? part : part.untrusted)).join('');
