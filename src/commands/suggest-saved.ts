import { normaliseTitle } from '../core/paper.js';
import type { CommandContext } from './command.js';
import { savedEntries } from './saved-paper.js';
import { MAX_SUGGESTIONS, type Suggestion } from './suggest.js';

/** The channel's saved papers whose title holds what is typed, newest saved first, valued by id. */
export function suggestSaved(typed: string, context: CommandContext): Suggestion[] {
  const words = normaliseTitle(typed);
  return savedEntries(context)
    .filter(({ paper }) => normaliseTitle(paper.title).includes(words))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ paper }) => ({ label: paper.title, value: paper.id }));
}
