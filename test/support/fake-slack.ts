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
  /**
   * The error Slack answers even for the right token, as when it has been revoked: `bot` for every Web API call
   * with the bot token (auth.test first), `app` for apps.connections.open (e.g. token_revoked, not_allowed_token_type).
   */
  readonly rejected?: { readonly bot?: string; readonly app?: string };
  /** The app's OAuth credentials, which oauth.v2.access checks when it exchanges a code for a workspace's token. */
  readonly oauth?: { readonly clientId: string; readonly clientSecret: string };
}

/** A workspace that installed the app through OAuth, and the bot token Slack gave it. */
export interface FakeWorkspace {
  readonly id: string;
  readonly name: string;
  readonly token: string;
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
  /** Modals opened with views.open, in order. */
  const views: any[] = [];
  /** Messages shown to one person (chat.postEphemeral), in order. */
  const ephemerals: any[] = [];
  /** Link unfurls (chat.unfurl), in order: `{channel, ts, unfurls}` or `{unfurl_id, source, unfurls}`. */
  const unfurls: any[] = [];
  /** Files uploaded with files.uploadV2's three steps, by id: bytes arrive at the upload URL, then are shared. */
  const files = new Map<
    string,
    { filename: string; length: number; content?: string; channel?: string; title?: string; comment?: string }
  >();
  let rateLimitEvery = 0;
  let rateLimitRetryAfter = 1;
  let apiCalls = 0;
  let holding: ((call: SlackCall) => boolean) | undefined;
  let losing: { way: LostAnswer; times: number; lateMs: number } | undefined;
  let ts = 1700000000;
  /** OAuth codes handed out by consent (authorizeCode), each good once, and the workspaces installed with them. */
  const codes = new Map<string, FakeWorkspace>();
  const workspaceTokens = new Map<string, FakeWorkspace>();

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
    if (url.pathname.startsWith('/upload/')) {
      // The upload URL files.getUploadURLExternal handed out: the bytes themselves, no token needed.
      const file = files.get(url.pathname.slice('/upload/'.length));
      if (!file) return json(res, 404, { ok: false });
      // The bytes come bare, or (as @slack/web-api sends them) as the one file of a multipart form.
      const type = req.headers['content-type'] ?? '';
      const form = type.startsWith('multipart/form-data')
        ? await new Response(raw, { headers: { 'content-type': type } }).formData()
        : undefined;
      const part = form && [...form.values()].find((value) => typeof value !== 'string');
      file.content = part && typeof part !== 'string' ? await part.text() : raw;
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return res.end(`OK - ${Buffer.byteLength(file.content)}`);
    }
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
      if (options.rejected?.app) return json(res, 200, { ok: false, error: options.rejected.app });
      const { port } = server.address() as AddressInfo;
      return json(res, 200, { ok: true, url: `ws://127.0.0.1:${port}/link` });
    }
    if (method === 'oauth.v2.access') {
      // The app authenticates with its client id and secret, as form fields or HTTP Basic.
      const basic = req.headers.authorization?.startsWith('Basic ')
        ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString().split(':')
        : [form.client_id, form.client_secret];
      if (!options.oauth || basic[0] !== options.oauth.clientId || basic[1] !== options.oauth.clientSecret)
        return json(res, 200, { ok: false, error: 'invalid_client_id' });
      const workspace = codes.get(form.code);
      if (!workspace) return json(res, 200, { ok: false, error: 'invalid_code' });
      codes.delete(form.code);
      workspaceTokens.set(workspace.token, workspace);
      // The shape Slack answers (shared/notes/platform-facts.md, Slack OAuth v2).
      return json(res, 200, {
        ok: true,
        access_token: workspace.token,
        token_type: 'bot',
        scope: 'commands,chat:write,chat:write.public',
        bot_user_id: `UBOT${workspace.id}`,
        app_id: 'A111',
        team: { id: workspace.id, name: workspace.name },
        enterprise: null,
        authed_user: { id: 'U222' },
        is_enterprise_install: false,
      });
    }
    const workspace = workspaceTokens.get(auth.replace(/^Bearer /, ''));
    if (auth !== `Bearer ${botToken}` && !workspace) return json(res, 200, { ok: false, error: 'invalid_auth' });
    if (options.rejected?.bot) return json(res, 200, { ok: false, error: options.rejected.bot });
    switch (method) {
      case 'auth.test':
        return json(res, 200, {
          ok: true,
          url: 'https://fake.slack.com/',
          team: workspace?.name ?? 'Fake',
          user: 'paperbot',
          team_id: workspace?.id ?? 'T111',
          user_id: workspace ? `UBOT${workspace.id}` : 'UBOT',
          bot_id: workspace ? `BBOT${workspace.id}` : 'BBOT',
        });
      case 'chat.postMessage': {
        if (goneChannels.has(form.channel)) return json(res, 200, { ok: false, error: 'channel_not_found' });
        const message = {
          type: 'message',
          ts: `${ts++}.000100`,
          text: form.text,
          blocks: form.blocks,
          ...(form.metadata ? { metadata: form.metadata } : {}),
          ...(form.thread_ts ? { thread_ts: form.thread_ts } : {}),
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
      case 'chat.update': {
        const message = channelMessages.get(form.channel)?.find((m) => m.ts === form.ts);
        if (!message) return json(res, 200, { ok: false, error: 'message_not_found' });
        Object.assign(message, {
          text: form.text,
          blocks: form.blocks,
          edited: { user: 'UBOT', ts: `${ts++}.000100` },
        });
        return json(res, 200, { ok: true, channel: form.channel, ts: form.ts, text: form.text });
      }
      case 'chat.delete': {
        const messages = channelMessages.get(form.channel) ?? [];
        const at = messages.findIndex((m) => m.ts === form.ts);
        if (at < 0) return json(res, 200, { ok: false, error: 'message_not_found' });
        messages.splice(at, 1);
        return json(res, 200, { ok: true, channel: form.channel, ts: form.ts });
      }
      case 'files.getUploadURLExternal': {
        if (!form.filename || !form.length) return json(res, 200, { ok: false, error: 'invalid_arguments' });
        const id = `F${files.size + 1}`;
        files.set(id, { filename: form.filename, length: Number(form.length) });
        const { port } = server.address() as AddressInfo;
        return json(res, 200, { ok: true, upload_url: `http://127.0.0.1:${port}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal': {
        const listed: { id: string; title?: string }[] = form.files ?? [];
        const done = listed.map(({ id, title }) => ({ id, title, file: files.get(id) }));
        // A file whose bytes never arrived, or not as many as announced, is not completed.
        if (done.some(({ file }) => file?.content === undefined || Buffer.byteLength(file.content) !== file.length))
          return json(res, 200, { ok: false, error: 'file_not_found' });
        for (const { file, title } of done)
          Object.assign(file!, { channel: form.channel_id, title, comment: form.initial_comment });
        return json(res, 200, { ok: true, files: done.map(({ id, title }) => ({ id, title })) });
      }
      case 'chat.unfurl': {
        // Slack unfurls by (channel, ts) of a posted message, or by unfurl_id while it is being written.
        if (!form.unfurls || !((form.channel && form.ts) || (form.unfurl_id && form.source)))
          return json(res, 200, { ok: false, error: 'invalid_arguments' });
        unfurls.push(form);
        notify();
        return json(res, 200, { ok: true });
      }
      case 'chat.postEphemeral':
        ephemerals.push(form);
        return json(res, 200, { ok: true, message_ts: `${ts++}.000100` });
      case 'views.open': {
        // A trigger_id lasts 3 seconds and opens one view.
        if (!form.trigger_id) return json(res, 200, { ok: false, error: 'invalid_trigger_id' });
        const view = { id: `V${views.length + 1}`, ...form.view, state: { values: {} } };
        views.push(view);
        return json(res, 200, { ok: true, view });
      }
      case 'conversations.join':
        return json(res, 200, { ok: true, channel: { id: form.channel, is_member: true } });
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
    /**
     * A person in this workspace approving the install on Slack's consent page: the code Slack sends to the
     * redirect URL, exchanged once with oauth.v2.access for the workspace's own bot token.
     */
    authorizeCode(team: { id: string; name: string }): { code: string; token: string } {
      const code = `code-${team.id}-${codes.size + workspaceTokens.size + 1}`;
      const token = `xoxb-${team.id}-${workspaceTokens.size + 1}`;
      codes.set(code, { ...team, token });
      return { code, token };
    },
    /** Forgets a workspace's token, as Slack does when the app is uninstalled there. */
    revoke(token: string) {
      workspaceTokens.delete(token);
    },
    /** Whether a Socket Mode connection is open. */
    connected: () => sockets.size > 0,
    /** Sends a Socket Mode envelope and resolves with the app's ack payload. */
    sendEnvelope(type: 'slash_commands' | 'interactive' | 'events_api', payload: object): Promise<unknown> {
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
    views,
    ephemerals,
    unfurls,
    files,
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

/** A click on a button of a message in channel C03E94MKU (block_actions), for Socket Mode's `interactive` envelope. */
export function buttonClick(
  button: { action_id?: string; value?: string },
  message: { ts: string; thread_ts?: string; blocks?: unknown },
  responseUrl: string,
  ephemeral = false,
) {
  return {
    type: 'block_actions',
    user: { id: 'U111', username: 'researcher', team_id: 'T111' },
    api_app_id: 'A111',
    token: 'x',
    container: { type: 'message', message_ts: message.ts, channel_id: 'C03E94MKU', is_ephemeral: ephemeral },
    trigger_id: `${Date.now()}.47445629121.803a0bc887a14d10d2c447fce8b6703c`,
    team: { id: 'T111', domain: 'research' },
    channel: { id: 'C03E94MKU', name: 'papers' },
    ...(ephemeral ? {} : { message: { type: 'message', text: '', ...message } }),
    response_url: responseUrl,
    actions: [
      { ...button, block_id: 'b1', type: 'button', action_ts: '1700000001.0', text: { type: 'plain_text', text: 'x' } },
    ],
  };
}

/** A modal's submit (view_submission): the view as views.open made it, with what was typed into its one input. */
export function viewSubmission(view: any, typed: string) {
  const input = view.blocks.find((b: any) => b.type === 'input');
  return {
    type: 'view_submission',
    team: { id: 'T111', domain: 'research' },
    user: { id: 'U111', username: 'researcher', team_id: 'T111' },
    api_app_id: 'A111',
    token: 'x',
    trigger_id: '2.3.4',
    view: {
      ...view,
      team_id: 'T111',
      state: {
        values: { [input.block_id]: { [input.element.action_id]: { type: 'plain_text_input', value: typed } } },
      },
      hash: '1700000000.abcd',
      app_id: 'A111',
      bot_id: 'BBOT',
    },
    response_urls: [],
  };
}

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

/**
 * A `link_shared` event as Slack delivers it (the Events API's event_callback): the body of an HTTP event, or the
 * payload of a Socket Mode `events_api` envelope. `composer`: links in a message still being written.
 */
export function linkShared(
  urls: readonly string[],
  { channel = 'C03E94MKU', ts = '1700000100.000200', source = 'conversations_history' } = {},
) {
  return {
    token: 'x',
    team_id: 'T111',
    api_app_id: 'A111',
    type: 'event_callback',
    event_id: `Ev${ts.replace('.', '')}`,
    event_time: 1700000100,
    authorizations: [{ team_id: 'T111', user_id: 'UBOT', is_bot: true }],
    event: {
      type: 'link_shared',
      channel,
      is_bot_user_member: true,
      user: 'U111',
      message_ts: source === 'composer' ? `${channel}-${ts}` : ts,
      unfurl_id: `C-${ts}`,
      source,
      links: urls.map((url) => ({ domain: new URL(url).hostname.replace(/^www\./, ''), url })),
      event_ts: ts,
    },
  };
}
