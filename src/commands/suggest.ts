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

// How many of the newest papers tell which categories the library holds: the categories people search now.
const CATEGORY_SAMPLE = 1000;
const categoriesOf = new WeakMap<PaperIndex, readonly string[]>();

/** The categories of the index's newest papers, commonest first; read once per index (a refresh makes a new one). */
function heldCategories(index: PaperIndex): readonly string[] {
  const known = categoriesOf.get(index);
  if (known) return known;
  const counts = new Map<string, number>();
  for (const paper of index.newest(CATEGORY_SAMPLE))
    for (const category of paper.categories ?? []) counts.set(category, (counts.get(category) ?? 0) + 1);
  const categories = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a.localeCompare(b));
  categoriesOf.set(index, categories);
  return categories;
}

/**
 * arXiv categories the library holds that start with what is typed, or whose part after a dot does ("lg" → cs.LG),
 * those it starts first, each commonest first; what is typed itself when none does.
 */
export function suggestCategories(index: PaperIndex, typed: string): Suggestion[] {
  const text = cleanInput(typed);
  const wanted = text.toLowerCase();
  const held = heldCategories(index).map((category) => ({ category, lower: category.toLowerCase() }));
  const starting = held.filter(({ lower }) => lower.startsWith(wanted));
  const inPart = held.filter(({ lower }) => !lower.startsWith(wanted) && lower.includes(`.${wanted}`));
  const found = [...starting, ...inPart].map(({ category }) => ({ label: category, value: category }));
  return found.length > 0 || !text ? unique(found) : [{ label: text, value: text }];
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
