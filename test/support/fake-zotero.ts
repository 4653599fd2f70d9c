import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ZoteroRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: any;
}

/**
 * A local Zotero Web API v3 for item writes: POST /{library}/items takes a JSON array and answers
 * `{successful, success, unchanged, failed}` keyed by index with `Last-Modified-Version`; it checks the API key,
 * If-Unmodified-Since-Version (412 when stale) and Zotero-Write-Token (412 when reused), as api.zotero.org does.
 */
export async function startFakeZotero(options: { apiKey?: string; library?: string } = {}) {
  const apiKey = options.apiKey ?? 'zotero-key';
  const library = options.library ?? 'users/475425';
  const requests: ZoteroRequest[] = [];
  const items: any[] = [];
  const tokens = new Set<string>();
  const scripted: { status: number; headers?: Record<string, string> }[] = [];
  let version = 100;

  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = raw ? JSON.parse(raw) : undefined;
    requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      res.writeHead(status, {
        'Content-Type': typeof payload === 'string' ? 'text/plain' : 'application/json',
        'Last-Modified-Version': String(version),
        ...headers,
      });
      res.end(text);
    };
    if (req.headers['zotero-api-key'] !== apiKey) return send(403, 'Forbidden');
    if (req.headers['zotero-api-version'] !== '3') return send(400, 'API version 3 expected');
    if (!url.pathname.startsWith(`/${library}/items`)) return send(404, 'Not found');
    const next = scripted.shift();
    if (next)
      return send(
        next.status,
        next.status === 412 ? 'Library has been modified since specified version' : 'Busy',
        next.headers,
      );
    if (req.method === 'GET') return send(200, Object.fromEntries(items.map((item) => [item.key, item.version])));
    const since = req.headers['if-unmodified-since-version'];
    if (since !== undefined && Number(since) !== version)
      return send(412, `Library has been modified since specified version (expected ${since}, found ${version})`);
    const token = req.headers['zotero-write-token'] as string | undefined;
    if (token && tokens.has(token)) return send(412, 'Write token already used');
    if (token) tokens.add(token);
    version += 1;
    const created = (body as any[]).map((data, i) => ({
      key: `ITEM${items.length + i + 1}`.padEnd(8, 'X'),
      version,
      data,
    }));
    items.push(...created.map((item) => ({ ...item, data: { ...item.data, key: item.key, version } })));
    const byIndex = <T>(f: (item: (typeof created)[number]) => T) =>
      Object.fromEntries(created.map((item, i) => [String(i), f(item)]));
    return send(200, {
      successful: byIndex((item) => ({ key: item.key, version, data: { ...item.data, key: item.key, version } })),
      success: byIndex((item) => item.key),
      unchanged: {},
      failed: {},
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}`,
    apiKey,
    library,
    requests,
    items,
    /** Someone else writes to the library: its version moves on. */
    bump() {
      version += 1;
    },
    /** The next answers, whatever is asked: 412, 429 or 503 with headers such as Retry-After or Backoff. */
    answer(status: number, headers?: Record<string, string>) {
      scripted.push({ status, ...(headers ? { headers } : {}) });
    },
    async close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
