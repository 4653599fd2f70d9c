import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  readonly status?: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

/**
 * A local stand-in for arXiv and Hugging Face: each path answers from a queue of answers (the last one
 * repeats), and every request is recorded with its time and User-Agent.
 */
export async function startFixtureServer(routes: Record<string, Answer[]>) {
  const requests: { path: string; query: URLSearchParams; userAgent?: string; at: number }[] = [];
  const served = new Map<string, number>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({
      path: url.pathname,
      query: url.searchParams,
      ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
      at: Date.now(),
    });
    const answers = routes[url.pathname];
    if (!answers?.length) {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      return res.end('<html><head><title>404 Not Found</title></head><body>not found</body></html>');
    }
    const count = served.get(url.pathname) ?? 0;
    served.set(url.pathname, count + 1);
    const answer = answers[Math.min(count, answers.length - 1)]!;
    res.writeHead(answer.status ?? 200, answer.headers ?? {});
    res.end(answer.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
