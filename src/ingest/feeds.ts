import { log } from '../core/log.js';
import type { Paper } from '../core/paper.js';
import type { Library } from '../library/library.js';
import { followKey, parseFollow } from '../state/follow.js';
import type { Store } from '../state/store.js';
import type { PoliteClient } from './http.js';
import { type IngestReport, ingestResult } from './ingest.js';
import { refreshSources, type SourceEndpoints, type SourceSpec } from './refresh.js';
import { fetchArxivIds, fetchArxivQuery, followQuery } from './sources/fetch.js';

// Enough of a topic's newest papers for weeks of daily posts, in one polite request.
const TOPIC_FETCH_MAX = 50;
// A topic fetched this recently (by a backfill or a refresh) is not asked for again.
export const TOPIC_INTERVAL_MS = 6 * 60 * 60 * 1000;
const SWAP_EVERY_MS = 2 * 60 * 1000;

export interface FeedsOptions {
  readonly library: Library;
  readonly store: Store;
  readonly endpoints: SourceEndpoints;
  readonly clients: { arxiv: PoliteClient; hf: PoliteClient };
  /** Fixed sources: Hugging Face Daily Papers by default, plus INGEST_SOURCES. */
  readonly sources: readonly SourceSpec[];
  /** Called when papers were added or updated, so the bot searches them at once. */
  readonly onChange: () => void;
  readonly now: () => number;
}

/** What keeps the library fresh while the bot runs on a platform. */
export interface Feeds {
  /** Fetches the fixed sources and every followed topic not fetched within its interval. */
  refresh(): Promise<Map<string, IngestReport | Error>>;
  /** Fetches a newly followed topic's newest papers now (unless fetched recently); never throws. */
  backfill(topic: string): Promise<IngestReport | Error | 'recent'>;
  /** A paper by arXiv id, fetched and stored when the library lacks it; undefined when arXiv has no such paper. */
  fetchPaper(arxivId: string): Promise<Paper | undefined>;
}

export function createFeeds(options: FeedsOptions): Feeds {
  const { library, store, endpoints, clients, onChange, now } = options;
  const fetchedAt = new Map<string, number>();

  // A topic, `author:<name>` or `cat:<category>`, as a subscription stores it.
  const keyOf = (topic: string) => followKey(parseFollow(topic));

  async function fetchTopic(topic: string): Promise<IngestReport | Error> {
    fetchedAt.set(keyOf(topic), now());
    try {
      const query = followQuery(parseFollow(topic));
      const result = await fetchArxivQuery(clients.arxiv, endpoints.arxivApi, query, TOPIC_FETCH_MAX);
      const report = ingestResult(library, result, now());
      log.info({ topic, added: report.added, updated: report.updated }, 'topic fetched from arXiv');
      return report;
    } catch (error) {
      log.warn({ topic, err: error }, 'fetching a followed topic from arXiv failed; will try again next time');
      return error as Error;
    }
  }

  /** Every followed topic once, however many channels follow it or however they spell it. */
  function followedTopics(): string[] {
    const byKey = new Map<string, string>();
    for (const { topic } of store.read().subscriptions) if (!byKey.has(keyOf(topic))) byKey.set(keyOf(topic), topic);
    return [...byKey.values()];
  }

  const isRecent = (topic: string) =>
    now() - (fetchedAt.get(keyOf(topic)) ?? Number.NEGATIVE_INFINITY) < TOPIC_INTERVAL_MS;
  const changed = (report: IngestReport | Error) => !(report instanceof Error) && report.added + report.updated > 0;

  return {
    async refresh() {
      const results = await refreshSources(library, options.sources, endpoints, clients);
      // A thousand topics at arXiv's pace take most of an hour: what came in is made searchable every few
      // minutes on the way, not only at the end.
      let pending = [...results.values()].some(changed);
      let swappedAt = now();
      for (const topic of followedTopics().filter((t) => !isRecent(t))) {
        const report = await fetchTopic(topic);
        results.set(`topic:${topic}`, report);
        pending ||= changed(report);
        if (pending && now() - swappedAt >= SWAP_EVERY_MS) {
          onChange();
          [pending, swappedAt] = [false, now()];
        }
      }
      if (pending) onChange();
      return results;
    },
    async backfill(topic) {
      if (isRecent(topic)) return 'recent';
      const report = await fetchTopic(topic);
      if (changed(report)) onChange();
      return report;
    },
    async fetchPaper(arxivId) {
      const result = await fetchArxivIds(clients.arxiv, endpoints.arxivApi, [arxivId]);
      if (result.entries.length === 0) return undefined;
      ingestResult(library, result, now());
      onChange();
      return library.get(arxivId);
    },
  };
}
