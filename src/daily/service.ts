import cron, { type ScheduledTask } from 'node-cron';
import PQueue from 'p-queue';
import { type Channel, type ChannelKey, channelKey, type Platform } from '../core/channel.js';
import { log } from '../core/log.js';
import type { Paper } from '../core/paper.js';
import type { Reply } from '../core/reply.js';
import { shortAbstract } from '../core/text.js';
import type { PaperIndex } from '../search/paper-index.js';
import type { Store } from '../state/store.js';
import { createChooser } from './choose.js';
import { isDue, localTime, nextPostAt } from './clock.js';
import { createDigests, type DigestOptions, type DigestOutcome, type DigestReply } from './digest.js';
import { tellDry } from './dry.js';
import type { DryNotice, Ledger, PostRecord } from './ledger.js';
import { parseKey, sendClaimed } from './send.js';
import {
  type DailyDefaults,
  dailySettingOf,
  type ScheduledChannel,
  scheduledChannels,
  settingProblem,
  topicsOf,
} from './settings.js';

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

/** A weekly digest on its way out, claimed and resent like a post; its `localDate` is its ISO week (2026-W49). */
export interface OutgoingDigest extends Omit<OutgoingPost, 'reply'> {
  readonly reply: DigestReply;
}

/** How a platform delivers a daily post. Throws ChannelGoneError when the channel cannot be posted in. */
export interface Sender {
  send(post: OutgoingPost | OutgoingNotice | OutgoingDigest): Promise<{ messageId?: string }>;
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
  /** Sends this week's digest for every channel whose digest time has come and that has none yet. */
  runDigests(): Promise<Map<ChannelKey, DigestOutcome>>;
  /** Posts today's paper for one channel now, whatever its time, still at most once a day. */
  postNow(channel: Channel): Promise<PostOutcome>;
  status(): StatusRow[];
  /** Checks every minute (node-cron) for daily posts and digests, and once right away so a restart catches up. */
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
  /** A channel's reading list, where the bot keeps one: saved papers count toward its weekly top. */
  readonly saved?: DigestOptions['saved'];
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
// A daily post shows the abstract cut on a sentence boundary within this many characters.
const DAILY_ABSTRACT_LENGTH = 600;

export function dailyReply(paper: Paper, topic: string | null | undefined, archive: boolean): DailyReply {
  return {
    kind: 'daily',
    paper,
    ...(topic ? { topic } : {}),
    archive,
    abstract: shortAbstract(paper.abstract, DAILY_ABSTRACT_LENGTH),
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
  const warned = new Map<ChannelKey, string>();

  /** A bad stored setting pauses its channel only: said once in the log (the run is every minute), and in status. */
  function warnBadSettings(scheduled: readonly ScheduledChannel[]): void {
    for (const { key, problem } of scheduled) {
      if (problem && warned.get(key) !== problem) log.warn({ channel: key, reason: problem }, 'daily post paused');
      if (problem) warned.set(key, problem);
      else warned.delete(key);
    }
  }

  const parts = { senders, ledger, now, sleep };
  // A paper the channel saved is one it has seen: its daily post never brings it again.
  const savedIn = (key: ChannelKey) => (options.saved?.(key) ?? []).map((entry) => entry.paperId);
  const digests = createDigests({ index, store, ledger, parts, ...(options.saved ? { saved: options.saved } : {}) });

  async function deliver(key: ChannelKey, record: PostRecord, resume: boolean): Promise<PostOutcome> {
    const paper = record.paperId ? index().get(record.paperId) : undefined;
    const reply = paper && dailyReply(paper, record.topic, record.archive);
    const outcome = await sendClaimed(parts, ledger, key, record, resume, reply);
    if (outcome.status !== 'sent') return outcome;
    // Sent, so the paper was there to send.
    log.info(
      { channel: key, date: record.localDate, paper: record.paperId, topic: record.topic },
      'daily paper posted',
    );
    return { ...outcome, paper: paper! };
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
    const scheduled = scheduledChannels(store.read(), defaults);
    warnBadSettings(scheduled);
    const due = scheduled.filter(
      ({ key, setting, problem }) =>
        !problem &&
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
    const seenIn = (key: ChannelKey) =>
      new Set([...(posted.get(key) ?? []), ...savedIn(key)].map((id) => index().canonicalId(id)));
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
    runDigests: () => digests.runDue(),
    async postNow(channel) {
      const key = channelKey(channel);
      if (!senders.has(channel.platform)) return { status: 'no-sender' };
      const at = now();
      const setting = dailySettingOf(store.read(), key, defaults);
      const problem = settingProblem(setting);
      if (problem) return { status: 'paused', reason: problem };
      const seen = new Set([...ledger.postedPapers(key), ...savedIn(key)].map((id) => index().canonicalId(id)));
      const outcome = await postFor(key, localTime(at, setting.timezone).date, createChooser(index(), at), seen);
      // Posting by hand worked, so the channel is reachable again.
      if (outcome.status === 'sent') ledger.unpause(key);
      return outcome;
    },
    status() {
      const at = now();
      const paused = ledger.pauses();
      const state = store.read();
      return scheduledChannels(state, defaults).map(({ key, setting, problem }) => {
        const last = ledger.lastPost(key);
        const pause = problem ?? paused.get(key)?.reason;
        const dry = ledger.dryNotice(key);
        const postedToday = () => {
          const today = ledger.post(key, localTime(at, setting.timezone).date);
          return Boolean(today && today.status !== 'failed');
        };
        return {
          channel: key,
          time: setting.time,
          timezone: setting.timezone,
          topics: topicsOf(state, key),
          nextPost: pause ? null : nextPostAt(at, setting.time, setting.timezone, postedToday()),
          ...(pause ? { paused: pause } : {}),
          ...(last ? { last } : {}),
          ...(dry ? { dry } : {}),
        };
      });
    },
    start() {
      const tick = () => {
        running = runDue()
          .then(() => digests.runDue())
          .catch((error: unknown) => log.error({ err: error }, 'daily run failed'));
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
