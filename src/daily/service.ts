import cron, { type ScheduledTask } from 'node-cron';
import PQueue from 'p-queue';
import { type Channel, type ChannelKey, channelKey, type Platform } from '../core/channel.js';
import { ChannelGoneError } from '../core/errors.js';
import { log } from '../core/log.js';
import type { Paper } from '../core/paper.js';
import type { Reply } from '../core/reply.js';
import type { PaperIndex } from '../search/paper-index.js';
import type { Store } from '../state/store.js';
import { createChooser, shortAbstract } from './choose.js';
import { isDue, localTime, nextPostAt } from './clock.js';
import { tellDry } from './dry.js';
import { keepingClaim } from './lease.js';
import type { DryNotice, Ledger, PostRecord } from './ledger.js';
import { type DailyDefaults, dailySettingOf, scheduledChannels, topicsOf } from './settings.js';

export type DailyReply = Extract<Reply, { kind: 'daily' }>;
export type NoticeReply = Extract<Reply, { kind: 'notice' }>;

/** One daily post on its way out. `claim` is the same for every attempt at this channel's post today. */
export interface OutgoingPost {
  readonly channelId: string;
  readonly reply: DailyReply;
  readonly claim: string;
  readonly localDate: string;
  /** An earlier attempt may have reached the platform: check before sending again. */
  readonly resume: boolean;
}

/** A message about the daily post (that it ran dry), delivered like a post. */
export interface OutgoingNotice extends Omit<OutgoingPost, 'reply'> {
  readonly reply: NoticeReply;
}

/** How a platform delivers a daily post. Throws ChannelGoneError when the channel cannot be posted in. */
export interface Sender {
  send(post: OutgoingPost | OutgoingNotice): Promise<{ messageId?: string }>;
}

export type PostOutcome =
  | { readonly status: 'sent'; readonly paper: Paper; readonly messageId?: string }
  | { readonly status: 'already'; readonly record: PostRecord }
  | { readonly status: 'nothing'; readonly reason: string }
  | { readonly status: 'paused'; readonly reason: string }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'no-sender' };

export interface StatusRow {
  readonly channel: ChannelKey;
  readonly time: string;
  readonly timezone: string;
  readonly topics: readonly string[];
  readonly nextPost: Date | null;
  readonly paused?: string;
  readonly last?: PostRecord;
  /** The channel was told it ran dry, and has had no post since. */
  readonly dry?: DryNotice;
}

export interface DailyService {
  /** Lets a platform deliver posts for its channels (called when its adapter starts). */
  useSender(platform: Platform, sender: Sender): void;
  /** Posts for every channel whose local post time has come today and that has no post yet. */
  runDue(): Promise<Map<ChannelKey, PostOutcome>>;
  /** Posts today's paper for one channel now, whatever its time, still at most once a day. */
  postNow(channel: Channel): Promise<PostOutcome>;
  status(): StatusRow[];
  /** Checks every minute (node-cron), and once right away so a restart catches up. */
  start(): void;
  stop(): Promise<void>;
}

export interface DailyOptions {
  /** The index as it is at each run (papers arrive while the bot runs). */
  readonly index: () => PaperIndex;
  readonly store: Store;
  readonly ledger: Ledger;
  readonly defaults: DailyDefaults;
  readonly now: () => Date;
  /** How long to wait before retrying a transient failure (injected so tests need not wait). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Posts in flight at once; the SDKs' own queues keep them within the platforms' rate limits. */
  readonly concurrency?: number;
}

const RETRY_DELAYS_MS = [2_000, 10_000];
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const parseKey = (key: ChannelKey): Channel => {
  const at = key.indexOf(':');
  return { platform: key.slice(0, at) as Platform, id: key.slice(at + 1) };
};

export function dailyReply(paper: Paper, topic: string | null | undefined, archive: boolean): DailyReply {
  return {
    kind: 'daily',
    paper,
    ...(topic ? { topic } : {}),
    archive,
    abstract: shortAbstract(paper.abstract),
    more: { command: 'similar', args: { paper: paper.id } },
    up: { command: 'feedback', args: { paper: paper.id, vote: 'up' } },
    down: { command: 'feedback', args: { paper: paper.id, vote: 'down' } },
  };
}

export function createDaily(options: DailyOptions): DailyService {
  const { index, store, ledger, defaults, now } = options;
  const sleep = options.sleep ?? wait;
  const senders = new Map<Platform, Sender>();
  let task: ScheduledTask | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function deliver(key: ChannelKey, record: PostRecord, resume: boolean): Promise<PostOutcome> {
    const channel = parseKey(key);
    const sender = senders.get(channel.platform);
    const paper = record.paperId ? index().get(record.paperId) : undefined;
    if (!sender) return { status: 'no-sender' };
    if (!paper) {
      ledger.markFailed(
        key,
        record.localDate,
        `paper ${record.paperId} is no longer in the collection`,
        now().getTime(),
      );
      return { status: 'failed', error: 'paper no longer in the collection' };
    }
    const post: OutgoingPost = {
      channelId: channel.id,
      reply: dailyReply(paper, record.topic, record.archive),
      claim: record.claim,
      localDate: record.localDate,
      resume,
    };
    for (let attempt = 0; ; attempt++) {
      // Another host took the claim over while this one stalled: it checks the channel and sends, so we stop.
      if (!ledger.renew(key, record.localDate, now().getTime())) {
        return { status: 'already', record: ledger.post(key, record.localDate)! };
      }
      try {
        const { messageId } = await keepingClaim(ledger, key, record.localDate, now, () =>
          sender.send(attempt > 0 ? { ...post, resume: true } : post),
        );
        ledger.markSent(key, record.localDate, messageId ?? null, now().getTime());
        log.info({ channel: key, date: record.localDate, paper: paper.id, topic: record.topic }, 'daily paper posted');
        return { status: 'sent', paper, ...(messageId ? { messageId } : {}) };
      } catch (error) {
        const message = (error as Error).message;
        if (error instanceof ChannelGoneError) {
          ledger.pause(key, message, now().getTime());
          ledger.markFailed(key, record.localDate, message, now().getTime());
          log.warn({ channel: key, reason: message }, 'daily post paused for this channel; subscriptions kept');
          return { status: 'paused', reason: message };
        }
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          ledger.markFailed(key, record.localDate, message, now().getTime());
          log.error({ channel: key, err: error }, 'daily post failed; will try again next minute');
          return { status: 'failed', error: message };
        }
        log.warn({ channel: key, err: error, retryInMs: delay }, 'daily post failed; retrying');
        await sleep(delay);
      }
    }
  }

  async function postFor(
    key: ChannelKey,
    localDate: string,
    choose: ReturnType<typeof createChooser>,
    seen: ReadonlySet<string>,
  ): Promise<PostOutcome> {
    const at = now().getTime();
    let reason: string | undefined;
    const outcome = ledger.claim(
      key,
      localDate,
      () => {
        const history = { since: ledger.lastSentDate(key), votes: ledger.votes(key) };
        const choice = choose(topicsOf(store.read(), key), seen, ledger.topicHistory(key), history);
        if ('reason' in choice) {
          reason = choice.reason;
          return { paperId: null, topic: null, archive: false, skipped: choice.reason };
        }
        return { paperId: choice.paper.id, topic: choice.topic ?? null, archive: choice.archive };
      },
      at,
    );
    if (reason) {
      log.info({ channel: key, date: localDate, reason }, 'no daily paper to post');
      const { platform, id: channelId } = parseKey(key);
      const hasTopics = topicsOf(store.read(), key).length > 0;
      await tellDry(senders.get(platform), ledger, { key, channelId, localDate, reason, hasTopics }, now);
      return { status: 'nothing', reason };
    }
    if (outcome.kind === 'taken') return { status: 'already', record: outcome.record };
    return deliver(key, outcome.record, outcome.resume);
  }

  async function runDue(): Promise<Map<ChannelKey, PostOutcome>> {
    const at = now();
    const paused = ledger.pauses();
    const due = scheduledChannels(store.read(), defaults).filter(
      ({ key, setting }) =>
        !paused.has(key) &&
        senders.has(parseKey(key).platform) &&
        isDue(at, setting.time, setting.timezone) &&
        !ledger.post(key, localTime(at, setting.timezone).date)?.status.match(/^(sent|skipped)$/),
    );
    const results = new Map<ChannelKey, PostOutcome>();
    if (due.length === 0) return results;
    const choose = createChooser(index(), at);
    const posted = ledger.allPostedPapers();
    // A paper posted under an id it no longer has (a seed since found on arXiv) still counts as seen.
    const seenIn = (key: ChannelKey) => new Set([...(posted.get(key) ?? [])].map((id) => index().canonicalId(id)));
    const pool = new PQueue({ concurrency: options.concurrency ?? 32 });
    await Promise.all(
      due.map(({ key, setting }) =>
        pool.add(async () => {
          try {
            results.set(key, await postFor(key, localTime(at, setting.timezone).date, choose, seenIn(key)));
          } catch (error) {
            // One bad channel never stops the rest.
            log.error({ channel: key, err: error }, 'daily post crashed');
            results.set(key, { status: 'failed', error: (error as Error).message });
          }
        }),
      ),
    );
    const sent = [...results.values()].filter((r) => r.status === 'sent').length;
    log.info({ due: due.length, sent }, 'daily run finished');
    return results;
  }

  return {
    useSender: (platform, sender) => senders.set(platform, sender),
    runDue,
    async postNow(channel) {
      const key = channelKey(channel);
      if (!senders.has(channel.platform)) return { status: 'no-sender' };
      const at = now();
      const setting = dailySettingOf(store.read(), key, defaults);
      const seen = new Set([...ledger.postedPapers(key)].map((id) => index().canonicalId(id)));
      const outcome = await postFor(key, localTime(at, setting.timezone).date, createChooser(index(), at), seen);
      // Posting by hand worked, so the channel is reachable again.
      if (outcome.status === 'sent') ledger.resume(key);
      return outcome;
    },
    status() {
      const at = now();
      const paused = ledger.pauses();
      return scheduledChannels(store.read(), defaults).map(({ key, setting }) => {
        const today = ledger.post(key, localTime(at, setting.timezone).date);
        const last = ledger.lastPost(key);
        const pause = paused.get(key);
        const dry = ledger.dryNotice(key);
        return {
          channel: key,
          time: setting.time,
          timezone: setting.timezone,
          topics: topicsOf(store.read(), key),
          nextPost: pause
            ? null
            : nextPostAt(at, setting.time, setting.timezone, Boolean(today && today.status !== 'failed')),
          ...(pause ? { paused: pause.reason } : {}),
          ...(last ? { last } : {}),
          ...(dry ? { dry } : {}),
        };
      });
    },
    start() {
      const tick = () => {
        running = runDue().catch((error: unknown) => log.error({ err: error }, 'daily run failed'));
        return running;
      };
      task = cron.schedule('* * * * *', tick, { name: 'daily-posts', noOverlap: true });
      void tick();
    },
    async stop() {
      await task?.stop();
      await running;
    },
  };
}
