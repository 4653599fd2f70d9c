import PQueue from 'p-queue';

/** A source answered with an HTTP error, or not at all, after the retries. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface PoliteClientOptions {
  /** Names the bot and a contact, as arXiv asks of API users. */
  readonly userAgent: string;
  /** Least time between the starts of two requests (arXiv: 3 seconds). */
  readonly minIntervalMs: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);
// A source asking for a longer pause is better retried at the next scheduled refresh.
const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * An HTTP client that is polite to a source: one request at a time, at least `minIntervalMs` between
 * them, a timeout, and retries with exponential backoff on 429/5xx and network errors that honour
 * Retry-After. Each source gets its own client, so a slow one never holds up another.
 */
export function politeClient(options: PoliteClientOptions) {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? wait;
  const doFetch = options.fetch ?? fetch;
  const retries = options.retries ?? 3;
  // One request at a time; a request's retries hold its place, so nothing else reaches a source that asked to wait.
  const queue = new PQueue({ concurrency: 1 });
  let lastStart = Number.NEGATIVE_INFINITY;

  // The spacing is kept here, per attempt and on the injected clock, rather than by p-queue's `interval`, which
  // counts tasks (a retry is an attempt inside one) on the real clock.
  async function attempt(url: string): Promise<Response> {
    const gap = lastStart + options.minIntervalMs - now();
    if (gap > 0) await sleep(gap);
    lastStart = now();
    return doFetch(url, {
      headers: { 'User-Agent': options.userAgent },
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  }

  async function getText(url: string): Promise<string> {
    for (let tries = 0; ; tries++) {
      let delay: number;
      try {
        const response = await attempt(url);
        if (response.ok) return await response.text();
        // An unread error body keeps its connection open: close it, so there is only ever one connection.
        await response.body?.cancel();
        if (!RETRYABLE.has(response.status) || tries >= retries) {
          throw new HttpError(
            `${new URL(url).host} answered ${response.status} ${response.statusText}`.trim(),
            response.status,
          );
        }
        delay = Math.min(
          MAX_RETRY_AFTER_MS,
          retryAfterMs(response.headers.get('retry-after'), now()) ?? 1000 * 2 ** tries,
        );
      } catch (error) {
        if (error instanceof HttpError || tries >= retries) {
          throw error instanceof HttpError
            ? error
            : new HttpError(`${new URL(url).host} did not answer: ${(error as Error).message}`);
        }
        delay = 1000 * 2 ** tries;
      }
      await sleep(delay);
    }
  }

  return {
    /** GETs a URL as text, after the requests queued before it. */
    get: (url: string): Promise<string> => queue.add(() => getText(url)),
  };
}

export type PoliteClient = ReturnType<typeof politeClient>;
