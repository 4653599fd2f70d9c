import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** What the fake model does with one request. */
export type Behaviour =
  /** Answers with this text: as one JSON completion, or streamed in pieces of `piece` characters, `gapMs` apart. */
  | { readonly answer: string; readonly piece?: number; readonly gapMs?: number }
  /** Fails with this HTTP status and an OpenAI-style error body. */
  | { readonly status: number }
  /** Never answers. */
  | { readonly hang: true };

export interface LlmRequest {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: {
    model: string;
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    messages: { role: string; content: string }[];
  };
}

const USAGE = { prompt_tokens: 812, completion_tokens: 64, total_tokens: 876 };

/**
 * A local OpenAI-compatible endpoint: POST /v1/chat/completions answering in the real wire format, a
 * `chat.completion` JSON object, or with `stream: true` server-sent `chat.completion.chunk` events, a last chunk
 * with `finish_reason`, a usage chunk when asked for, and `data: [DONE]`.
 */
export async function startFakeLlm(behave: (request: LlmRequest) => Behaviour = () => ({ answer: '' })) {
  const requests: LlmRequest[] = [];
  let next = behave;
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error', code: null } }));
    }
    const request = { headers: req.headers, body: JSON.parse(raw) } as LlmRequest;
    requests.push(request);
    const behaviour = next(request);
    if ('hang' in behaviour) return;
    if ('status' in behaviour) {
      res.writeHead(behaviour.status, { 'Content-Type': 'application/json' });
      return res.end(
        JSON.stringify({ error: { message: 'The server had an error', type: 'server_error', code: null } }),
      );
    }
    const base = { id: 'chatcmpl-fake', created: 1767225600, model: request.body.model };
    if (!request.body.stream) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: behaviour.answer }, finish_reason: 'stop' }],
          usage: USAGE,
        }),
      );
    }
    await stream(res, base, behaviour, request.body.stream_options?.include_usage === true);
  });

  async function stream(
    res: ServerResponse,
    base: object,
    behaviour: { answer: string; piece?: number; gapMs?: number },
    usage: boolean,
  ) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const event = (data: object) =>
      res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', ...data })}\n\n`);
    event({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    const size = behaviour.piece ?? 12;
    for (let at = 0; at < behaviour.answer.length; at += size) {
      if (behaviour.gapMs) await delay(behaviour.gapMs);
      event({
        choices: [{ index: 0, delta: { content: behaviour.answer.slice(at, at + size) }, finish_reason: null }],
      });
    }
    event({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    if (usage) event({ choices: [], usage: USAGE });
    res.end('data: [DONE]\n\n');
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    usage: USAGE,
    /** What the model does from now on. */
    behave(next_: (request: LlmRequest) => Behaviour) {
      next = next_;
    },
    /** The numbered papers of a request's prompt, as "[n] title" lines. */
    titlesIn: (request: LlmRequest) =>
      [...(request.body.messages.at(-1)?.content ?? '').matchAll(/^\[(\d+)\] (.+)$/gm)].map((m) => m[2]!),
    async close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

export type FakeLlm = Awaited<ReturnType<typeof startFakeLlm>>;
