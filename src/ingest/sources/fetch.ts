import type { PoliteClient } from '../http.js';
import { readArxivAtom } from './arxiv-atom.js';
import { readArxivRss } from './arxiv-rss.js';
import { readHfDailyPapers } from './hf-daily.js';
import type { ReadResult } from './read-result.js';

// arXiv serves at most 2000 results a call; smaller pages keep each response quick and the spacing polite.
const ARXIV_PAGE = 100;

/** The newest papers for an arXiv API query ("cat:cs.CV"), newest first, up to `max`, a page per request. */
export async function fetchArxivQuery(client: PoliteClient, baseUrl: string, query: string, max: number): Promise<ReadResult> {
  const all: ReadResult = { entries: [], rejected: [] };
  for (let start = 0; start < max; start += ARXIV_PAGE) {
    const params = new URLSearchParams({ search_query: query, sortBy: 'submittedDate', sortOrder: 'descending', start: String(start), max_results: String(Math.min(ARXIV_PAGE, max - start)) });
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
