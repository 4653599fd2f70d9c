import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface SlackCall {
  readonly method: string;
  readonly headers: IncomingMessage['headers'];
  /** Form fields, with JSON-valued ones (blocks) parsed. */
  readonly body: Record<string, any>;
}

/** How the answer to a post that was made gets lost. */
export type LostAnswer = 'http500' | 'reset' | 'late';

export interface FakeSlackOptions {
  readonly botToken?: string;
  readonly appToken?: string;
  /** Users whom users.info reports as workspace admins. */
  readonly admins?: readonly string[];
}

/**
 * A local Slack: the Web API under /api/ (form-encoded POSTs, `{ok, …}` answers), a response_url endpoint
 * under /respond/, and a Socket Mode WebSocket at /link, in the wire format Bolt 5 speaks (see
 * shared/notes/platform-facts.md).
 */
export async function startFakeSlack(options: FakeSlackOptions = {}) {
  const botToken = options.botToken ?? 'xoxb-fake';
  const appToken = options.appToken ?? 'xapp-fake';
  const admins = new Set(options.admins ?? []);
  const calls: SlackCall[] = [];
  const responses: { path: string; body: any }[] = [];
  const waiters: { match: () => boolean; resolve: () => void }[] = [];
  const failures: { method: string; status?: number; error?: string; times: number; retryAfter?: number }[] = [];
  const acks = new Map<string, (payload: unknown) => void>();
  const sockets = new Set<WebSocket>();
  /** Messages posted (chat.postMessage), by channel, newest last, with their metadata. */
  const channelMessages = new Map<string, any[]>();
  const goneChannels = new Set<string>();
  let rateLimitEvery = 0;
  let rateLimitRetryAfter = 1;
  let apiCalls = 0;
  let holding: ((call: SlackCall) => boolean) | undefined;
  let losing: { way: LostAnswer; times: number; lateMs: number } | undefined;
  let ts = 1700000000;

  const notify = () => {
    for (const waiter of [...waiters]) {
      if (waiter.match()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/respond/')) {
      responses.push({ path: url.pathname, body: JSON.parse(raw) });
      notify();
      return json(res, 200, { ok: true });
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const form = req.headers['content-type']?.includes('json')
      ? JSON.parse(raw || '{}')
      : Object.fromEntries(new URLSearchParams(raw));
    for (const [key, value] of Object.entries(form)) {
      if (typeof value === 'string' && /^[[{]/.test(value)) {
        try {
          form[key] = JSON.parse(value);
        } catch {
          /* plain text that starts with a bracket */
        }
      }
    }
    calls.push({ method, headers: req.headers, body: form });
    notify();
    const auth = req.headers.authorization ?? (form.token ? `Bearer ${form.token}` : '');
    apiCalls += 1;
    if (rateLimitEvery && apiCalls % rateLimitEvery === 0) {
      return json(res, 429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(rateLimitRetryAfter) });
    }
    const failure = failures.find((f) => f.method === method && f.times > 0);
    if (failure) {
      failure.times -= 1;
      if (failure.status === 429)
        return json(res, 429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(failure.retryAfter ?? 1) });
      return json(res, 200, { ok: false, error: failure.error });
    }
    if (method === 'apps.connections.open') {
      if (auth !== `Bearer ${appToken}`) return json(res, 200, { ok: false, error: 'invalid_auth' });
      const { port } = server.address() as AddressInfo;
      return json(res, 200, { ok: true, url: `ws://127.0.0.1:${port}/link` });
    }
    if (auth !== `Bearer ${botToken}`) return json(res, 200, { ok: false, error: 'invalid_auth' });
    switch (method) {
      case 'auth.test':
        return json(res, 200, {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'paperbot',
          team_id: 'T111',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        });
      case 'chat.postMessage': {
        if (goneChannels.has(form.channel)) return json(res, 200, { ok: false, error: 'channel_not_found' });
        const message = {
          type: 'message',
          ts: `${ts++}.000100`,
          text: form.text,
          blocks: form.blocks,
          ...(form.metadata ? { metadata: form.metadata } : {}),
        };
        if (!channelMessages.has(form.channel)) channelMessages.set(form.channel, []);
        channelMessages.get(form.channel)!.push(message);
        if (holding?.(calls.at(-1)!)) return; // posted, but the answer never comes: the test kills the sender meanwhile
        const answer = () => json(res, 200, { ok: true, channel: form.channel, ts: message.ts, message });
        if (losing && losing.times > 0) {
          losing.times -= 1;
          if (losing.way === 'http500') return json(res, 500, { ok: false, error: 'internal_error' });
          if (losing.way === 'reset') return req.socket.destroy();
          return void setTimeout(answer, losing.lateMs).unref();
        }
        return answer();
      }
      case 'conversations.history': {
        const messages = [...(channelMessages.get(form.channel) ?? [])].reverse().slice(0, Number(form.limit ?? 100));
        const withMetadata = String(form.include_all_metadata) === 'true';
        return json(res, 200, {
          ok: true,
          messages: messages.map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m)),
          has_more: false,
        });
      }
      case 'users.info':
        return json(res, 200, {
          ok: true,
          user: {
            id: form.user,
            name: form.user,
            is_admin: admins.has(form.user),
            is_owner: false,
            is_primary_owner: false,
          },
        });
      default:
        return json(res, 200, { ok: false, error: 'unknown_method' });
    }
  });

  const link = new WebSocketServer({ server, path: '/link' });
  link.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      acks.get(message.envelope_id)?.(message.payload);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A111' },
      }),
    );
    notify();
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  let envelopes = 0;

  const fake = {
    apiUrl: `${base}/api/`,
    botToken,
    appToken,
    calls,
    responses,
    /** A fresh response_url for one slash command or click. */
    responseUrl: () => `${base}/respond/${++envelopes}`,
    /** Whether a Socket Mode connection is open. */
    connected: () => sockets.size > 0,
    /** Sends a Socket Mode envelope and resolves with the app's ack payload. */
    sendEnvelope(type: 'slash_commands' | 'interactive', payload: object): Promise<unknown> {
      const envelopeId = `envelope-${++envelopes}`;
      const acked = new Promise<unknown>((resolve) => acks.set(envelopeId, resolve));
      for (const socket of sockets)
        socket.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type === 'slash_commands',
          }),
        );
      return acked;
    },
    until(match: () => boolean, timeoutMs = 5000): Promise<void> {
      if (match()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('fake Slack: timed out waiting')), timeoutMs);
        waiters.push({
          match,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    channelMessages,
    /** Channels that answer channel_not_found, as after the channel was deleted. */
    goneChannels,
    /** Every n-th Web API call answers 429 with Retry-After (1 s, or 0 to retry at once; n = 0 turns it off). */
    rateLimitEvery(n: number, retryAfterSeconds = 1) {
      rateLimitEvery = n;
      rateLimitRetryAfter = retryAfterSeconds;
      apiCalls = 0;
    },
    /** Posts matching this are made but never answered (a crash between send and record). */
    hold(match: ((call: SlackCall) => boolean) | undefined) {
      holding = match;
    },
    /** The next `times` posts are made, but their answer is lost: HTTP 500, a reset connection, or `lateMs` late. */
    loseAnswers(way: LostAnswer, times = 1, lateMs = 0) {
      losing = { way, times, lateMs };
    },
    /** The next `times` calls of a Web API method answer 429 (with Retry-After) or `{ok: false, error}`. */
    fail(method: string, failure: { status?: 429; error?: string; retryAfter?: number }, times = 1) {
      failures.push({ method, ...failure, times });
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      link.close();
      server.closeAllConnections();
      server.close();
    },
  };
  return fake;
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

/** A slash command as Slack sends it (fields of the real capture in shared/fixtures). */
export function slashCommand(
  text: string,
  responseUrl: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    token: 'xyzz0WbapA4vBCDEFasx0q6G',
    team_id: 'T111',
    team_domain: 'research',
    channel_id: 'C03E94MKU',
    channel_name: 'papers',
    user_id: 'U111',
    user_name: 'researcher',
    command: '/paper',
    text,
    api_app_id: 'A111',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    ...overrides,
  };
}
