import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** One REST request the bot made, as the fake received it. */
export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: any;
  /** Files sent as multipart `files[n]` parts beside `payload_json`, as Discord takes attachments. */
  readonly files?: readonly { readonly field: string; readonly name: string; readonly content: string }[];
  /** When it arrived (Date.now()), to check how often the bot edits a message. */
  readonly at: number;
}

export interface FakeDiscordOptions {
  readonly token?: string;
  readonly applicationId?: string;
  /** The shard count GET /gateway/bot recommends (what DISCORD_SHARDS=auto connects). */
  readonly shards?: number;
  /** Shards that may IDENTIFY at once; more than one spares discord.js its 5 s wait between shards. */
  readonly maxConcurrency?: number;
}

export const GUILD_ID = '1380488052169769110';
export const CHANNEL_ID = '1380488052169769113';
/** Discord's permission bits as strings: everything, and everything but Manage Channels (1 << 4) and
 * Administrator (1 << 3), which implies it. */
export const ALL_PERMISSIONS = '2251799813685247';
export const WITHOUT_MANAGE_CHANNELS = (BigInt(ALL_PERMISSIONS) & ~16n & ~8n).toString();
// Gateway intents: GuildMessages (1 << 9) and the privileged MessageContent (1 << 15).
const GUILD_MESSAGES = 1 << 9;
const MESSAGE_CONTENT = 1 << 15;

/**
 * A local Discord: the REST API under /api/v10 and the gateway on the same port, speaking the wire format
 * discord.js 14 expects (see shared/notes/platform-facts.md). Tests push interactions through the gateway
 * and read what the bot sent back through REST.
 */
export async function startFakeDiscord(options: FakeDiscordOptions = {}) {
  const token = options.token ?? 'fake-bot-token';
  const applicationId = options.applicationId ?? '1380486651436073092';
  const requests: Recorded[] = [];
  const waiters: { match: (r: Recorded) => boolean; resolve: (r: Recorded) => void }[] = [];
  const failures: { match: RegExp; status: number; times: number }[] = [];
  const sockets = new Set<WebSocket>();
  /** Messages posted to channels (POST /channels/:id/messages), by channel. */
  const channelMessages = new Map<string, any[]>();
  const byNonce = new Map<string, any>();
  const goneChannels = new Set<string>();
  /** Threads started on messages (POST /channels/:id/messages/:id/threads), by the message's id, which they share. */
  const threads = new Map<string, { id: string; parent_id: string; name: string }>();
  /** Channels where starting a thread answers 50013 Missing Permissions. */
  const noThreads = new Set<string>();
  let holding: ((r: Recorded) => boolean) | undefined;
  /** The intents each IDENTIFY asked for (a bitfield per connection). */
  const identified: number[] = [];
  /** The `shard: [id, count]` each IDENTIFY sent (absent when unsharded), in order. */
  const identifiedShards: (readonly [number, number] | undefined)[] = [];
  /** Each connection's shard id, once it has identified. */
  const shardOf = new Map<WebSocket, number>();
  let guildAnnounced = false;
  let sequence = 1;
  let nextId = 1n;
  const snowflake = () => (1381177107555680327n + nextId++).toString();

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const messageObject = (body: any) => ({
    id: snowflake(),
    channel_id: CHANNEL_ID,
    author: { id: applicationId, username: 'paperbot', discriminator: '0', avatar: null, bot: true },
    timestamp: new Date().toISOString(),
    content: body?.content ?? '',
    embeds: body?.embeds ?? [],
    components: body?.components ?? [],
    type: 0,
    flags: body?.flags ?? 0,
  });

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
    let body: unknown = raw;
    let files: Recorded['files'];
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      // The message's JSON is the payload_json part; every files[n] part is an attachment.
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': type } }).formData();
      body = JSON.parse(String(form.get('payload_json') ?? '{}'));
      files = await Promise.all(
        [...form.entries()]
          .filter(([field]) => field.startsWith('files['))
          .map(async ([field, value]) => ({
            field,
            name: (value as File).name,
            content: await (value as File).text(),
          })),
      );
    } else {
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // form bodies stay as text
      }
    }
    const recorded: Recorded = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body,
      ...(files ? { files } : {}),
      at: Date.now(),
    };
    requests.push(recorded);
    for (const waiter of [...waiters]) {
      if (waiter.match(recorded)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(recorded);
      }
    }
    const failure = failures.find((f) => f.match.test(`${recorded.method} ${path}`) && f.times > 0);
    if (failure) {
      failure.times -= 1;
      return json(res, failure.status, { message: 'Internal Server Error', code: 0 });
    }
    const authorised = req.headers.authorization === `Bot ${token}`;
    const channelPost = /^\/channels\/(\d+|[\w-]+)\/messages$/.exec(path);
    if (req.method === 'POST' && channelPost) {
      if (!authorised) return json(res, 401, { message: '401: Unauthorized', code: 0 });
      const channelId = channelPost[1]!;
      if (goneChannels.has(channelId)) return json(res, 404, { message: 'Unknown Channel', code: 10003 });
      const sent = body as any;
      // Discord drops a second message with the same enforced nonce and returns the first.
      if (sent.enforce_nonce && sent.nonce && byNonce.has(`${channelId}|${sent.nonce}`))
        return json(res, 200, byNonce.get(`${channelId}|${sent.nonce}`));
      const message = { ...messageObject(sent), channel_id: channelId, nonce: sent.nonce };
      if (!channelMessages.has(channelId)) channelMessages.set(channelId, []);
      channelMessages.get(channelId)!.push(message);
      if (sent.nonce) byNonce.set(`${channelId}|${sent.nonce}`, message);
      if (holding?.(recorded)) return; // created, but the answer never comes: the test kills the sender meanwhile
      return json(res, 200, message);
    }
    const threadStart = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path);
    if (req.method === 'POST' && threadStart) {
      if (!authorised) return json(res, 401, { message: '401: Unauthorized', code: 0 });
      const [, parentId, messageId] = threadStart as unknown as [string, string, string];
      if (noThreads.has(parentId)) return json(res, 403, { message: 'Missing Permissions', code: 50013 });
      if (threads.has(messageId))
        return json(res, 400, { message: 'A thread has already been created for this message', code: 160004 });
      const thread = { id: messageId, parent_id: parentId, name: (body as any).name };
      threads.set(messageId, thread);
      return json(res, 201, { ...thread, type: 11, guild_id: GUILD_ID, owner_id: applicationId, flags: 0 });
    }
    const messageEdit = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (req.method === 'PATCH' && messageEdit) {
      if (!authorised) return json(res, 401, { message: '401: Unauthorized', code: 0 });
      const message = channelMessages.get(messageEdit[1]!)?.find((m) => m.id === messageEdit[2]);
      if (!message) return json(res, 404, { message: 'Unknown Message', code: 10008 });
      Object.assign(message, body, { edited_timestamp: new Date().toISOString() });
      return json(res, 200, message);
    }
    if (req.method === 'GET' && channelPost) {
      if (!authorised) return json(res, 401, { message: '401: Unauthorized', code: 0 });
      if (goneChannels.has(channelPost[1]!)) return json(res, 404, { message: 'Unknown Channel', code: 10003 });
      // Newest first, as Discord lists them; a listed message carries no nonce.
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const listed = [...(channelMessages.get(channelPost[1]!) ?? [])].reverse().slice(0, limit);
      return json(
        res,
        200,
        listed.map(({ nonce: _nonce, ...message }) => message),
      );
    }
    if (path === '/users/@me') {
      return authorised
        ? json(res, 200, messageObject({}).author)
        : json(res, 401, { message: '401: Unauthorized', code: 0 });
    }
    if (path === '/gateway/bot') {
      if (!authorised) return json(res, 401, { message: '401: Unauthorized', code: 0 });
      const { port } = server.address() as AddressInfo;
      return json(res, 200, {
        url: `ws://127.0.0.1:${port}`,
        shards: options.shards ?? 1,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 0,
          max_concurrency: options.maxConcurrency ?? 1,
        },
      });
    }
    if (path === '/applications/@me')
      return authorised
        ? json(res, 200, { id: applicationId, name: 'paperbot' })
        : json(res, 401, { message: '401: Unauthorized', code: 0 });
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      res.writeHead(204);
      return res.end();
    }
    if (/^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path) || /^\/webhooks\/\d+\/[^/]+$/.test(path))
      return json(res, 200, messageObject(body));
    if (req.method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      if (!authorised) return json(res, 401, { message: '401: Unauthorized', code: 0 });
      return json(
        res,
        200,
        (body as any[]).map((command) => ({
          ...command,
          id: snowflake(),
          application_id: applicationId,
          version: '1',
        })),
      );
    }
    return json(res, 404, { message: 'Unknown route', code: 0 });
  });

  const gateway = new WebSocketServer({ server });
  gateway.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null }));
    socket.on('message', (data) => {
      const payload = JSON.parse(String(data));
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (payload.op === 2) {
        if (payload.d.token !== token) return socket.close(4004, 'Authentication failed.');
        identified.push(Number(payload.d.intents));
        identifiedShards.push(payload.d.shard);
        shardOf.set(socket, payload.d.shard?.[0] ?? 0);
        guildAnnounced = false;
        const { port } = server.address() as AddressInfo;
        socket.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: sequence++,
            d: {
              v: 10,
              user: { id: applicationId, username: 'paperbot', discriminator: '0', avatar: null, bot: true },
              guilds: [],
              session_id: 'fake-session',
              resume_gateway_url: `ws://127.0.0.1:${port}`,
              application: { id: applicationId, flags: 0 },
              ...(payload.d.shard ? { shard: payload.d.shard } : {}),
            },
          }),
        );
      }
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  /** The guild as GUILD_CREATE announces it: one text channel, the @everyone role. */
  const guildObject = () => ({
    id: GUILD_ID,
    name: 'research',
    icon: null,
    owner_id: '410212090289192960',
    joined_at: '2025-06-06T10:06:39.888000+00:00',
    large: false,
    unavailable: false,
    member_count: 2,
    features: [],
    roles: [
      {
        id: GUILD_ID,
        name: '@everyone',
        permissions: ALL_PERMISSIONS,
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    channels: [
      {
        id: CHANNEL_ID,
        type: 0,
        guild_id: GUILD_ID,
        name: 'general',
        position: 0,
        permission_overwrites: [],
        nsfw: false,
        parent_id: null,
      },
    ],
    threads: [],
    members: [],
    presences: [],
    voice_states: [],
    emojis: [],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  });

  /** An interaction as Discord sends it (shape of the real capture in shared/fixtures), for the gateway. */
  function interaction(type: 2 | 3 | 4 | 5, data: object, extra: { permissions?: string; message?: object } = {}) {
    const id = snowflake();
    return {
      id,
      application_id: applicationId,
      type,
      token: `interaction-token-${id}`,
      version: 1,
      app_permissions: ALL_PERMISSIONS,
      attachment_size_limit: 10485760,
      authorizing_integration_owners: { '0': GUILD_ID },
      channel: {
        id: CHANNEL_ID,
        guild_id: GUILD_ID,
        name: 'general',
        type: 0,
        flags: 0,
        nsfw: false,
        permissions: ALL_PERMISSIONS,
        position: 0,
      },
      channel_id: CHANNEL_ID,
      context: 0,
      entitlement_sku_ids: [],
      entitlements: [],
      guild: { features: [], id: GUILD_ID, locale: 'en-US' },
      guild_id: GUILD_ID,
      guild_locale: 'en-US',
      locale: 'en-US',
      member: {
        avatar: null,
        deaf: false,
        flags: 0,
        joined_at: '2025-06-06T10:06:39.888000+00:00',
        mute: false,
        nick: null,
        pending: false,
        permissions: extra.permissions ?? ALL_PERMISSIONS,
        premium_since: null,
        roles: [],
        user: {
          id: '410212090289192960',
          username: 'researcher',
          discriminator: '0',
          global_name: 'Researcher',
          avatar: null,
          public_flags: 0,
        },
      },
      ...(extra.message ? { message: extra.message } : {}),
      data,
    };
  }

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token,
    applicationId,
    requests,
    /** Sends an interaction down the gateway and waits for the bot's first answer to it. */
    async send(payload: { id: string }): Promise<Recorded> {
      const answered = this.waitFor((r) => r.path.startsWith(`/interactions/${payload.id}/`));
      for (const socket of sockets)
        socket.send(JSON.stringify({ op: 0, t: 'INTERACTION_CREATE', s: sequence++, d: payload }));
      return answered;
    },
    /**
     * Sends an interaction and waits for the message a person finally sees: the answer itself, or, when the bot
     * deferred it (a search that took a moment, as on a busy machine), the edit that follows.
     */
    async finalAnswer(payload: { id: string }, timeoutMs = 20_000): Promise<any> {
      const first = await this.send(payload);
      if (first.body.type !== 5) return first.body.data;
      const edited = (r: Recorded) =>
        r.method === 'PATCH' && r.path.includes(`/interaction-token-${payload.id}/messages/@original`);
      return (await this.waitFor(edited, timeoutMs)).body;
    },
    /** Sends an interaction down one shard's connection only, as Discord does for that shard's guilds. */
    async sendOn(shard: number, payload: { id: string }): Promise<Recorded> {
      const socket = [...sockets].find((s) => shardOf.get(s) === shard);
      if (!socket) throw new Error(`fake Discord: shard ${shard} is not connected`);
      const answered = this.waitFor((r) => r.path.startsWith(`/interactions/${payload.id}/`));
      socket.send(JSON.stringify({ op: 0, t: 'INTERACTION_CREATE', s: sequence++, d: payload }));
      return answered;
    },
    /** A slash command; an option with a number for its value is an INTEGER option (type 4), as Discord sends it. */
    command(
      name: string,
      options: { name: string; value: string | number; focused?: boolean }[] = [],
      extra: { permissions?: string } = {},
    ) {
      return interaction(
        2,
        {
          id: snowflake(),
          name,
          type: 1,
          options: options.map((o) => ({ type: typeof o.value === 'number' ? 4 : 3, ...o })),
        },
        extra,
      );
    },
    /** The same command sent in a direct message with the bot: no guild, no member, a top-level user. */
    directMessage(name: string, options: { name: string; value: string }[] = []) {
      const {
        guild: _guild,
        guild_id: _guildId,
        guild_locale: _locale,
        member,
        channel: _channel,
        ...rest
      } = interaction(2, { id: snowflake(), name, type: 1, options: options.map((o) => ({ type: 3, ...o })) });
      return {
        ...rest,
        user: member.user,
        context: 1,
        channel_id: '999',
        channel: { id: '999', type: 1, flags: 0 },
        authorizing_integration_owners: { '0': '410212090289192960' },
      };
    },
    autocomplete(name: string, option: string, value: string) {
      return interaction(4, {
        id: snowflake(),
        name,
        type: 1,
        options: [{ type: 3, name: option, value, focused: true }],
      });
    },
    button(customId: string, message: object) {
      return interaction(3, { custom_id: customId, component_type: 2 }, { message });
    },
    /** A modal's submit (MODAL_SUBMIT) with its text inputs' values, from a form opened on `message`'s button. */
    modalSubmit(customId: string, values: Record<string, string>, message: object) {
      const components = Object.entries(values).map(([id, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: id, value }],
      }));
      return interaction(5, { custom_id: customId, components }, { message });
    },
    identified,
    identifiedShards,
    /**
     * A person's message in the guild's channel, sent down the gateway as MESSAGE_CREATE (after the GUILD_CREATE
     * that tells the client about the guild and its channel, as Discord sends it after READY). Discord sends it only
     * to a bot with the GuildMessages intent, and with its content only with MessageContent: both are checked.
     */
    postMessage(content: string): { id: string; delivered: boolean } {
      const id = snowflake();
      const intents = identified.at(-1) ?? 0;
      const delivered = (intents & GUILD_MESSAGES) !== 0;
      if (!delivered) return { id, delivered };
      const dispatch = (t: string, d: object) => {
        for (const socket of sockets) socket.send(JSON.stringify({ op: 0, t, s: sequence++, d }));
      };
      if (!guildAnnounced) {
        guildAnnounced = true;
        dispatch('GUILD_CREATE', guildObject());
      }
      dispatch('MESSAGE_CREATE', {
        id,
        channel_id: CHANNEL_ID,
        guild_id: GUILD_ID,
        author: {
          id: '410212090289192960',
          username: 'researcher',
          discriminator: '0',
          avatar: null,
          global_name: 'Researcher',
        },
        member: { roles: [], joined_at: '2025-06-06T10:06:39.888000+00:00', deaf: false, mute: false, flags: 0 },
        content: (intents & MESSAGE_CONTENT) !== 0 ? content : '',
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: [],
        embeds: [],
        pinned: false,
        type: 0,
        flags: 0,
      });
      return { id, delivered };
    },
    /** A message object as Discord would attach it to a button click on the bot's earlier reply. */
    messageFrom: messageObject,
    waitFor(match: (r: Recorded) => boolean, timeoutMs = 5000): Promise<Recorded> {
      const seen = requests.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('fake Discord: no matching request')), timeoutMs);
        waiters.push({
          match,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        });
      });
    },
    /** The next `times` requests matching "METHOD /path" answer with this status. */
    fail(match: RegExp, status: number, times = 1) {
      failures.push({ match, status, times });
    },
    channelMessages,
    threads,
    noThreads,
    /** Channels that answer 10003 Unknown Channel, as after the channel was deleted. */
    goneChannels,
    /** Channel posts matching this are created but never answered (a crash between send and record). */
    hold(match: ((r: Recorded) => boolean) | undefined) {
      holding = match;
    },
    /** Forgets every nonce, as Discord does minutes after a message: a resend is no longer dropped. */
    forgetNonces() {
      byNonce.clear();
    },
    clearFailures() {
      failures.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      gateway.close();
      server.closeAllConnections();
      server.close();
    },
  };
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;
