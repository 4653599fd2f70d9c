import type { Bot } from '../core/bot.js';
import type { Channel } from '../core/channel.js';
import { cleanInput } from '../core/text.js';
import { timeZones } from '../daily/clock.js';
import type { PaperIndex } from '../search/paper-index.js';
import type { Store } from '../state/store.js';
import { subscriptionsOf } from '../state/subscriptions.js';

/** One choice offered while a person types an argument: what they see, and what the command receives. */
export interface Suggestion {
  readonly label: string;
  readonly value: string;
}

export const MAX_SUGGESTIONS = 25;

const unique = (suggestions: Suggestion[]) =>
  [...new Map(suggestions.map((s) => [s.value, s])).values()].slice(0, MAX_SUGGESTIONS);

/**
 * Papers whose title matches what is typed so far, valued by id; the first papers when nothing is typed. Searched
 * through the bot's workers: autocomplete comes at every keystroke, while others wait for their answers.
 */
export async function suggestPapers(bot: Bot, typed: string): Promise<Suggestion[]> {
  const text = cleanInput(typed);
  const papers = text
    ? (await bot.search('search', text, { limit: MAX_SUGGESTIONS, snippets: false })).hits.map((hit) => hit.paper)
    : bot.index.newest(MAX_SUGGESTIONS);
  return unique(papers.map((paper) => ({ label: paper.title, value: paper.id })));
}

/** Topics for a channel to follow: what is typed, the channel's own topics, then common words of the papers. */
export function suggestTopics(index: PaperIndex, store: Store, channel: Channel, typed: string): Suggestion[] {
  const text = cleanInput(typed).toLowerCase();
  const own = subscriptionsOf(store, channel)
    .map((s) => s.topic)
    .filter((topic) => topic.includes(text));
  const lastSpace = text.lastIndexOf(' ');
  const [head, last] = [text.slice(0, lastSpace + 1), text.slice(lastSpace + 1)];
  const completions = index.commonWords(last, MAX_SUGGESTIONS).map((word) => head + word);
  return unique([...(text ? [text] : []), ...own, ...completions].map((topic) => ({ label: topic, value: topic })));
}

/** IANA time zones containing what is typed ("berl" → Europe/Berlin), shortest first. */
export function suggestTimeZones(typed: string): Suggestion[] {
  const text = cleanInput(typed).toLowerCase().replace(/ /g, '_');
  return timeZones()
    .filter((zone) => zone.toLowerCase().includes(text))
    .sort((a, b) => a.length - b.length || a.localeCompare(b))
    .slice(0, MAX_SUGGESTIONS)
    .map((zone) => ({ label: zone, value: zone }));
}

/** The channel's own topics that contain what is typed (to pick one to drop). */
export function suggestOwnTopics(store: Store, channel: Channel, typed: string): Suggestion[] {
  const text = cleanInput(typed).toLowerCase();
  return unique(
    subscriptionsOf(store, channel)
      .filter((s) => s.topic.includes(text))
      .map((s) => ({ label: s.topic, value: s.topic })),
  );
}
