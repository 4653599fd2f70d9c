// One round of the load benchmark per platform: `count` slash commands sent at once to the bot, each timed
// from sending to its acknowledgement (Discord: the interaction callback, an answer or a deferral; Slack: the
// HTTP answer to the signed request) and to its final answer (Discord: the reply or the edit of the deferred
// one; Slack: the post in the channel). Every wait is bounded by `timeoutMs`.
import type { FakeDiscord, Recorded } from '../test/support/fake-discord.js';
import { type FakeSlack, slashCommand } from '../test/support/fake-slack.js';
import { postSigned } from '../test/support/slack-http.js';

export interface RoundResult {
  readonly count: number;
  /** Milliseconds from sending to the acknowledgement, per request acknowledged in time. */
  readonly acks: number[];
  /** Milliseconds from sending to the final answer, per request answered in time. */
  readonly finals: number[];
  /** Discord: acknowledged by a deferral rather than the answer itself. */
  readonly deferred: number;
  /** Answers that were an error reply rather than papers. */
  readonly errors: number;
  readonly wall_ms: number;
}

const DEFERRED = 5;

/**
 * Stamps, as they arrive, the requests `key` recognises (one per sent command) until all `count` came or
 * the time is up. One waiter over the fake's log, read once, instead of one per command.
 */
function arrivals<R>(
  log: readonly R[],
  until: (match: () => boolean, timeoutMs: number) => Promise<unknown>,
  key: (entry: R) => string | undefined,
  count: number,
  timeoutMs: number,
) {
  const at = new Map<string, { ms: number; entry: R }>();
  let read = 0;
  const scan = () => {
    for (; read < log.length; read += 1) {
      const k = key(log[read]!);
      if (k !== undefined && !at.has(k)) at.set(k, { ms: performance.now(), entry: log[read]! });
    }
    return at.size >= count;
  };
  const done = until(scan, timeoutMs).catch(() => undefined);
  return { at, done };
}

export async function discordRound(
  fake: FakeDiscord,
  queries: readonly string[],
  count: number,
  timeoutMs: number,
): Promise<RoundResult> {
  const payloads = Array.from({ length: count }, (_, i) =>
    fake.command('paper', [{ name: 'query', value: queries[i % queries.length]! }]),
  );
  const ids = new Map(payloads.map((p) => [`interaction-token-${p.id}`, p.id]));
  // The final answer: the reply itself (callback type 4), or the edit of the deferred reply.
  const finalOf = (r: Recorded) => {
    const token = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(r.path)?.[1];
    if (token && r.body?.type !== DEFERRED) return ids.get(token);
    const edited = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(r.path);
    return r.method === 'PATCH' && edited ? ids.get(edited[1]!) : undefined;
  };
  const finals = arrivals(fake.requests, (m, t) => fake.waitFor(m, t), finalOf, count, timeoutMs);
  const started = performance.now();
  const sentAt = new Map<string, number>();
  const acks = await Promise.all(
    payloads.map((payload) => {
      sentAt.set(payload.id, performance.now());
      return fake.send(payload).then(
        (r) => ({ ms: performance.now() - sentAt.get(payload.id)!, deferred: r.body?.type === DEFERRED }),
        () => undefined,
      );
    }),
  );
  await finals.done;
  const answered = [...finals.at].map(([id, { ms, entry }]) => ({ ms: ms - sentAt.get(id)!, entry }));
  const text = (r: Recorded) => String(r.body?.data?.content ?? r.body?.content ?? '');
  return {
    count,
    acks: acks.flatMap((a) => (a ? [a.ms] : [])),
    finals: answered.map((a) => a.ms),
    deferred: acks.filter((a) => a?.deferred).length,
    errors: answered.filter((a) => !/^\*\*Papers for|^No papers match/.test(text(a.entry))).length,
    wall_ms: performance.now() - started,
  };
}

export async function slackRound(
  fake: FakeSlack,
  url: string,
  secret: string,
  queries: readonly string[],
  count: number,
  timeoutMs: number,
): Promise<RoundResult> {
  // A channel per command, so each post in the fake's log says which command it answers.
  const channelOf = (i: number) => `CLOAD${i}`;
  const sentAt = new Map<string, number>();
  const posted = arrivals(
    fake.calls,
    (m, t) => fake.until(m, t),
    (call) => (call.method === 'chat.postMessage' && sentAt.has(call.body.channel) ? call.body.channel : undefined),
    count,
    timeoutMs,
  );
  const started = performance.now();
  const acks = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const fields = slashCommand(queries[i % queries.length]!, fake.responseUrl(), { channel_id: channelOf(i) });
      sentAt.set(channelOf(i), performance.now());
      const answer = await postSigned(url, secret, fields, AbortSignal.timeout(timeoutMs)).catch(() => undefined);
      return answer?.ok ? performance.now() - sentAt.get(channelOf(i))! : undefined;
    }),
  );
  await posted.done;
  const answered = [...posted.at].map(([channel, { ms, entry }]) => ({ ms: ms - sentAt.get(channel)!, entry }));
  return {
    count,
    acks: acks.filter((ms): ms is number => ms !== undefined),
    finals: answered.map((a) => a.ms),
    deferred: 0,
    errors: answered.filter((a) => !/^Papers for|^No papers match/.test(String(a.entry.body.text ?? ''))).length,
    wall_ms: performance.now() - started,
  };
}
