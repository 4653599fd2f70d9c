import cron, { type ScheduledTask } from 'node-cron';
import { z } from 'zod';
import { log } from '../core/log.js';
import type { Library } from '../library/library.js';
import { type PoliteClient, politeClient } from './http.js';
import { type IngestReport, ingestResult } from './ingest.js';
import { fetchArxivQuery, fetchArxivRss, fetchHfDaily } from './sources/fetch.js';

/** One source to fetch on a schedule: `hf`, `rss:cs.CV+cs.GR`, or `arxiv:<query>`. */
export type SourceSpec =
  | { readonly kind: 'hf' }
  | { readonly kind: 'rss'; readonly categories: string }
  | { readonly kind: 'arxiv'; readonly query: string };

/** `none` turns fetching off, even the default sources of a bot on a platform. */
export const SourceListSchema = z.string().transform((text, ctx): SourceSpec[] | 'none' => {
  if (text.trim().toLowerCase() === 'none') return 'none';
  const specs: SourceSpec[] = [];
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [kind, ...rest] = item.split(':');
    const arg = rest.join(':');
    if (kind === 'hf' && !arg) specs.push({ kind: 'hf' });
    else if (kind === 'rss' && /^[\w.-]+(\+[\w.-]+)*$/.test(arg)) specs.push({ kind: 'rss', categories: arg });
    else if (kind === 'arxiv' && arg) specs.push({ kind: 'arxiv', query: arg });
    else
      ctx.addIssue({
        code: 'custom',
        message: `has "${item}"; use hf, rss:cs.CV+cs.GR or arxiv:cat:cs.CV, separated by commas, or none`,
      });
  }
  return specs;
});

export interface SourceEndpoints {
  readonly arxivApi: string;
  readonly arxivRss: string;
  readonly hfApi: string;
  readonly userAgent: string;
}

// arXiv's terms: at most one request every three seconds, one at a time, for the API and the feeds alike.
const ARXIV_INTERVAL_MS = 3000;
const HF_INTERVAL_MS = 1000;
const SCHEDULED_ARXIV_MAX = 200;

/** One polite client per service, so arXiv's spacing holds across its API and its feeds. */
export function sourceClients(endpoints: SourceEndpoints, overrides: { arxivIntervalMs?: number } = {}) {
  return {
    arxiv: politeClient({
      userAgent: endpoints.userAgent,
      minIntervalMs: overrides.arxivIntervalMs ?? ARXIV_INTERVAL_MS,
    }),
    hf: politeClient({ userAgent: endpoints.userAgent, minIntervalMs: HF_INTERVAL_MS }),
  };
}

export function fetchSource(
  spec: SourceSpec,
  endpoints: SourceEndpoints,
  clients: { arxiv: PoliteClient; hf: PoliteClient },
) {
  switch (spec.kind) {
    case 'hf':
      return fetchHfDaily(clients.hf, endpoints.hfApi);
    case 'rss':
      return fetchArxivRss(clients.arxiv, endpoints.arxivRss, spec.categories);
    case 'arxiv':
      return fetchArxivQuery(clients.arxiv, endpoints.arxivApi, spec.query, SCHEDULED_ARXIV_MAX);
  }
}

const describeSource = (spec: SourceSpec) =>
  spec.kind === 'hf' ? 'hf' : spec.kind === 'rss' ? `rss:${spec.categories}` : `arxiv:${spec.query}`;

/**
 * Fetches every source once and stores what they bring. A failing source is logged and tried again next
 * time; the papers already stored are untouched.
 */
export async function refreshSources(
  library: Library,
  specs: readonly SourceSpec[],
  endpoints: SourceEndpoints,
  clients: { arxiv: PoliteClient; hf: PoliteClient },
): Promise<Map<string, IngestReport | Error>> {
  const results = new Map<string, IngestReport | Error>();
  for (const spec of specs) {
    try {
      const report = ingestResult(library, await fetchSource(spec, endpoints, clients), Date.now());
      results.set(describeSource(spec), report);
      log.info(
        {
          source: describeSource(spec),
          added: report.added,
          updated: report.updated,
          unchanged: report.unchanged,
          rejected: report.rejected.length,
        },
        'source refreshed',
      );
    } catch (error) {
      results.set(describeSource(spec), error as Error);
      log.warn({ source: describeSource(spec), err: error }, 'source refresh failed; will try again next time');
    }
  }
  return results;
}

/** Refreshes the sources on a cron schedule (INGEST_CRON) while the bot runs. */
export function scheduleRefresh(expression: string, run: () => Promise<unknown>): ScheduledTask {
  return cron.schedule(
    expression,
    async () => {
      await run().catch((error: unknown) => log.error({ err: error }, 'scheduled refresh failed'));
    },
    { name: 'ingest', noOverlap: true },
  );
}
