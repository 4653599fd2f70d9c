import type { Follow } from '../../state/follow.js';
import type { PoliteClient } from '../http.js';
import { readArxivAtom } from './arxiv-atom.js';
import { readArxivRss } from './arxiv-rss.js';
import { readHfDailyPapers } from './hf-daily.js';
import type { ReadResult } from './read-result.js';

// arXiv serves at most 2000 results a call; smaller pages keep each response quick and the spacing polite.
const ARXIV_PAGE = 100;

/** The newest papers for an arXiv API query ("cat:cs.CV"), newest first, up to `max`, a page per request. */
export async function fetchArxivQuery(
  client: PoliteClient,
  baseUrl: string,
  query: string,
  max: number,
): Promise<ReadResult> {
  const all: ReadResult = { entries: [], rejected: [] };
  for (let start = 0; start < max; start += ARXIV_PAGE) {
    const params = new URLSearchParams({
      search_query: query,
      sortBy: 'submittedDate',
      sortOrder: 'descending',
      start: String(start),
      max_results: String(Math.min(ARXIV_PAGE, max - start)),
    });
    const page = readArxivAtom(await client.get(`${baseUrl}?${params}`));
    all.entries.push(...page.entries);
    all.rejected.push(...page.rejected);
    if (page.entries.length + page.rejected.length < Math.min(ARXIV_PAGE, max - start)) break;
  }
  return all;
}

/** Today's announcements in arXiv categories ("cs.CV+cs.GR"); empty at weekends. */
export async function fetchArxivRss(client: PoliteClient, baseUrl: string, categories: string): Promise<ReadResult> {
  return readArxivRss(await client.get(`${baseUrl.replace(/\/$/, '')}/${categories}`));
}

/** Hugging Face's Daily Papers for a date (YYYY-MM-DD), or the latest. */
export async function fetchHfDaily(client: PoliteClient, baseUrl: string, date?: string): Promise<ReadResult> {
  const params = new URLSearchParams({ limit: '50', ...(date ? { date } : {}) });
  return readHfDailyPapers(await client.get(`${baseUrl.replace(/\/$/, '')}/daily_papers?${params}`));
}

/** Papers by arXiv id (`id_list`), for a paper someone names that the library does not hold yet. */
export async function fetchArxivIds(
  client: PoliteClient,
  baseUrl: string,
  ids: readonly string[],
): Promise<ReadResult> {
  const params = new URLSearchParams({ id_list: ids.join(','), max_results: String(ids.length) });
  return readArxivAtom(await client.get(`${baseUrl}?${params}`));
}

/**
 * The arXiv search for a followed topic: the phrase in any field, also with its hyphens read as spaces or
 * dropped, since abstracts write "try-on", "try on" and "tryon" alike.
 */
export function topicQuery(topic: string): string {
  const phrase = topic.replace(/["()]/g, ' ').replace(/\s+/g, ' ').trim();
  const variants = new Set([phrase, phrase.replace(/-/g, ' '), phrase.replace(/-/g, '')]);
  return [...variants].map((variant) => `all:"${variant}"`).join(' OR ');
}

/**
 * The arXiv search for anything a channel follows: a topic's phrases, an author's name (`au:"Yoshua Bengio"`) or a
 * category (`cat:cs.CV`). arXiv matches names loosely; the bot checks each paper's authors itself.
 */
export function followQuery(follow: Follow): string {
  if (follow.kind === 'author') return `au:"${follow.value.replace(/["()]/g, ' ').replace(/\s+/g, ' ').trim()}"`;
  if (follow.kind === 'category') return `cat:${follow.value}`;
  return topicQuery(follow.value);
}
