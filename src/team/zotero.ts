import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../core/config.js';
import type { Paper } from '../core/paper.js';
import { retryAfterMs } from '../ingest/http.js';
import { preprintItem } from './zotero-item.js';

/** What became of a paper sent to Zotero. */
export type ZoteroOutcome =
  | { readonly status: 'saved'; readonly key: string }
  /** 403: the key is wrong, revoked, or may not write to the library. */
  | { readonly status: 'refused'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string };

export interface ZoteroOptions {
  /** The Web API base, https://api.zotero.org unless testing. */
  readonly apiUrl: string;
  readonly apiKey: string;
  /** `users/<id>` or `groups/<id>`. */
  readonly library: string;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly timeoutMs?: number;
}

export interface Zotero {
  readonly library: string;
  /** Creates the paper as an item; `writeToken` makes a resend of the same save a no-op on Zotero's side. */
  addPaper(paper: Paper, writeToken: string): Promise<ZoteroOutcome>;
}

/** A write token (32 characters, as Zotero wants) that is the same for the same save, whoever resends it. */
export const writeToken = (...parts: readonly (string | number)[]): string =>
  createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);

// Waits Zotero asks for beyond this are not waited out in a chat: the save stays local, and says so.
const MAX_WAIT_MS = 30_000;
const BUSY_RETRIES = 2;

interface WriteResult {
  readonly successful?: Record<string, { key: string }>;
  readonly success?: Record<string, string>;
  readonly unchanged?: Record<string, string>;
  readonly failed?: Record<string, { code?: number; message?: string }>;
}

/**
 * A client for the Zotero Web API v3's item writes. It keeps the library version it last saw and sends it as
 * If-Unmodified-Since-Version; a 412 (the library changed meanwhile) re-reads the version and tries once more.
 * It honours `Backoff` on any answer and `Retry-After` on 429/503.
 */
export function zoteroClient(options: ZoteroOptions): Zotero {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const now = options.now ?? Date.now;
  const base = `${options.apiUrl.replace(/\/+$/, '')}/${options.library}`;
  let version: string | undefined;
  let quietUntil = 0;

  async function request(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
    const wait = quietUntil - now();
    if (wait > 0) await sleep(wait);
    const response = await doFetch(`${base}${path}`, {
      ...init,
      headers: { 'Zotero-API-Version': '3', 'Zotero-API-Key': options.apiKey, ...init.headers },
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const backoff = Number(response.headers.get('Backoff'));
    if (backoff > 0) quietUntil = now() + backoff * 1000;
    version = response.headers.get('Last-Modified-Version') ?? version;
    return response;
  }

  /** The library's version as Zotero has it now. */
  async function rereadVersion(): Promise<void> {
    const response = await request('/items?limit=1&format=versions', { method: 'GET', headers: {} });
    await response.body?.cancel();
  }

  async function post(paper: Paper, token: string): Promise<ZoteroOutcome> {
    let preconditionRetried = false;
    for (let busy = 0; ; ) {
      const response = await request('/items', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Zotero-Write-Token': token,
          ...(version ? { 'If-Unmodified-Since-Version': version } : {}),
        },
        body: JSON.stringify([preprintItem(paper)]),
      });
      if (response.ok) return outcomeOf((await response.json()) as WriteResult);
      const text = (await response.text()).trim().slice(0, 200);
      if (response.status === 403) return { status: 'refused', reason: text || 'Forbidden' };
      if (response.status === 412 && !preconditionRetried) {
        preconditionRetried = true;
        await rereadVersion();
        continue;
      }
      if ((response.status === 429 || response.status === 503) && busy < BUSY_RETRIES) {
        const header = response.headers.get('Retry-After') ?? response.headers.get('Backoff');
        const wait = retryAfterMs(header, now()) ?? 1000;
        if (wait > MAX_WAIT_MS) return { status: 'failed', reason: `Zotero asked to wait ${Math.ceil(wait / 1000)} s` };
        busy += 1;
        await sleep(wait);
        continue;
      }
      return { status: 'failed', reason: `Zotero answered ${response.status}${text ? ` (${text})` : ''}` };
    }
  }

  return {
    library: options.library,
    async addPaper(paper, token) {
      try {
        return await post(paper, token);
      } catch (error) {
        return { status: 'failed', reason: (error as Error).message };
      }
    },
  };
}

/** The first (only) item's result in a multi-object write answer. */
function outcomeOf(result: WriteResult): ZoteroOutcome {
  const key = result.successful?.['0']?.key ?? result.success?.['0'] ?? result.unchanged?.['0'];
  if (key) return { status: 'saved', key };
  const failed = result.failed?.['0'];
  return { status: 'failed', reason: failed?.message ?? 'Zotero did not say why' };
}

/** The Zotero client the configuration asks for, if it names both a key and a library. */
export function zoteroFromConfig(config: Config): Zotero | undefined {
  if (!config.ZOTERO_API_KEY || !config.ZOTERO_LIBRARY) return undefined;
  return zoteroClient({ apiUrl: config.ZOTERO_API_URL, apiKey: config.ZOTERO_API_KEY, library: config.ZOTERO_LIBRARY });
}
