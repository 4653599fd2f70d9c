import { Cron } from 'croner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../src/core/bot.js';
import type { Channel, ChannelKey } from '../src/core/channel.js';
import { endpointsOf, loadConfig } from '../src/core/config.js';
import { localTime } from '../src/daily/clock.js';
import type { OutgoingNotice, OutgoingPost, Sender } from '../src/daily/service.js';
import { updateDaily } from '../src/daily/settings.js';
import { createFeeds } from '../src/ingest/feeds.js';
import { politeClient } from '../src/ingest/http.js';
import { indexLibrary } from '../src/search/paper-index.js';
import { subscribe } from '../src/state/subscriptions.js';
import { tempDir } from './support/bot.js';
import { type FakePaper, type FakeSources, startFakeSources } from './support/fake-sources.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const DAYS = 60;
// A Monday; the weeks cross the changes to summer time in Los Angeles (8 March) and Berlin (29 March).
const START = Date.parse('2026-03-02T00:00:00Z');
const END = START + DAYS * DAY;
// The scheduler checks every minute; with post times on the half hour, checking every half hour sees each post go
// out at its time, with a thirtieth of the checks.
const TICK = 30 * MINUTE;
const FRESH_DAYS = 7;

/** Topics arXiv has new papers on every weekday; the dry one has three papers from 2024 and nothing since. */
const NEWS = ['graph neural networks', 'diffusion models', 'speech recognition'];
const DRY = 'sheaf cohomology';

interface Plan {
  readonly channel: Channel;
  readonly topics: readonly string[];
  readonly time: string;
  readonly timezone: string;
}

const PLANS: readonly Plan[] = [
  { channel: { platform: 'discord', id: '1001' }, topics: ['graph neural networks'], time: '09:00', timezone: 'UTC' },
  {
    channel: { platform: 'slack', id: 'C2002' },
    topics: ['diffusion models', 'speech recognition'],
    time: '08:30',
    timezone: 'Europe/Berlin',
  },
  {
    channel: { platform: 'slack', id: 'C2003' },
    topics: ['graph neural networks'],
    time: '07:30',
    timezone: 'America/Los_Angeles',
  },
  // No topics: the newest papers, Hugging Face's among them.
  { channel: { platform: 'discord', id: '1004' }, topics: [], time: '09:00', timezone: 'Asia/Tokyo' },
  { channel: { platform: 'discord', id: '1005' }, topics: [DRY], time: '12:00', timezone: 'UTC' },
];
const keyOf = (channel: Channel): ChannelKey => `${channel.platform}:${channel.id}`;
const DRY_KEY = keyOf(PLANS[4]!.channel);

const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const isWeekday = (at: number) => ![0, 6].includes(new Date(at).getUTCDay());

/** Deterministic papers: arXiv-style ids numbered per month, titles and abstracts built around a phrase. */
function paperMaker() {
  const numbers = new Map<string, number>();
  const NAMES = ['Aurora', 'Beacon', 'Cascade', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Iris', 'Juniper'];
  const ANGLES = ['Scaling', 'Robust', 'Efficient', 'Self-Supervised', 'Sparse', 'Calibrated', 'Federated'];
  return function make(phrase: string, published: number, extra = ''): FakePaper {
    const month = day(published).slice(2, 7).replace('-', '');
    const n = (numbers.get(month) ?? 0) + 1;
    numbers.set(month, n);
    const name = `${NAMES[n % NAMES.length]}-${n}`;
    const angle = ANGLES[n % ANGLES.length]!;
    return {
      id: `${month}.${String(n).padStart(5, '0')}`,
      title: `${name}: ${angle} ${phrase.replace(/\b\w/g, (c) => c.toUpperCase())}${extra}`,
      summary:
        `We study ${phrase} from a ${angle.toLowerCase()} perspective. ${name} improves on prior ${phrase} ` +
        `work by a wide margin on three public benchmarks, and we release code and data.`,
      authors: [`Ada ${name}`, 'Grace Hopper'],
      category: 'cs.LG',
      published: `${day(published)}T00:00:00Z`,
    };
  };
}

/** What arXiv and Hugging Face announce on a weekday: two papers per news topic, three trending on HF. */
function announce(sources: FakeSources, make: ReturnType<typeof paperMaker>, at: number): void {
  sources.publish(NEWS.flatMap((topic) => [make(topic, at), make(topic, at, ' at Scale')]));
  const trending = ['language agents', 'video generation', 'retrieval augmented generation'].map((s) => make(s, at));
  sources.setDaily(trending);
  for (const paper of trending) onHf.add(paper.id);
}

interface Sent {
  readonly key: ChannelKey;
  readonly kind: 'daily' | 'notice';
  readonly localDate: string;
  readonly at: number;
  readonly paperId?: string;
  readonly published?: string;
  readonly topic?: string;
}

/** A sender per platform that records what would be posted, and when on the simulated clock. */
function recorder(platform: Channel['platform'], now: () => number, sent: Sent[]): Sender {
  return {
    async send(post: OutgoingPost | OutgoingNotice) {
      const base = { key: `${platform}:${post.channelId}` as ChannelKey, localDate: post.localDate, at: now() };
      const { reply } = post;
      sent.push(
        reply.kind === 'daily'
          ? { ...base, kind: 'daily', paperId: reply.paper.id, published: reply.paper.published, topic: reply.topic }
          : { ...base, kind: 'notice' },
      );
      return { messageId: String(sent.length) };
    },
  };
}

/** The local dates in the simulated weeks on which a channel's post time came (when it is owed a post). */
function owedDates(plan: Plan, ticks: readonly number[]): string[] {
  const dates = ticks.map((t) => localTime(new Date(t), plan.timezone)).filter((local) => local.time >= plan.time);
  return [...new Set(dates.map((local) => local.date))];
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
const minutesLate = (post: Sent, plan: Plan) =>
  minutes(localTime(new Date(post.at), plan.timezone).time) - minutes(plan.time);

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY;

let sources: FakeSources;
const sent: Sent[] = [];
/** Ids of the papers only Hugging Face lists. */
const onHf = new Set<string>();
const ticks: number[] = [];

beforeAll(async () => {
  sources = await startFakeSources();
  let now = START;
  // Refreshed once a day, an hour after the announcements: the default (every six hours) would fetch the same
  // papers four times a day, and make the test four times slower for nothing.
  const config = loadConfig({
    DATA_DIR: tempDir(),
    ARXIV_API_URL: sources.arxivApiUrl,
    HF_API_URL: sources.hfApiUrl,
    INGEST_CRON: '0 1 * * *',
  });
  const bot = await startBot(config, () => new Date(now));
  const endpoints = endpointsOf(config);
  // The polite spacing runs on the real clock and is tested in ingest; here it would only make the test wait.
  const client = () => politeClient({ userAgent: endpoints.userAgent, minIntervalMs: 0 });
  const feeds = createFeeds({
    library: bot.library,
    store: bot.store,
    endpoints,
    clients: { arxiv: client(), hf: client() },
    sources: [{ kind: 'hf' }],
    onChange: () => bot.useIndex(indexLibrary(bot.library)),
    now: () => now,
  });
  bot.useFeeds(feeds);
  bot.daily.useSender(
    'discord',
    recorder('discord', () => now, sent),
  );
  bot.daily.useSender(
    'slack',
    recorder('slack', () => now, sent),
  );

  const make = paperMaker();
  sources.publish([0, 1, 2].map((n) => make(DRY, Date.parse('2024-05-06') + n * DAY)));
  // Two weeks of history before the first day, as arXiv has when a topic is first followed.
  for (let at = START - 14 * DAY; at < START; at += DAY) if (isWeekday(at)) announce(sources, make, at);
  for (const plan of PLANS) {
    await updateDaily(bot.store, plan.channel, bot.dailyDefaults, { time: plan.time, timezone: plan.timezone });
    for (const topic of plan.topics) {
      await subscribe(bot.store, plan.channel, topic, new Date(now));
      await feeds.backfill(topic);
    }
  }

  const refreshes = new Cron(config.INGEST_CRON, { timezone: 'UTC' });
  let refreshAt = refreshes.nextRun(new Date(START - 1))!.getTime();
  for (now = START; now < END; now += TICK) {
    if (now % DAY === 0 && isWeekday(now)) announce(sources, make, now);
    // When the refresh cron and the minute's check fire at the same moment, the refresh runs first here.
    if (now >= refreshAt) {
      await feeds.refresh();
      refreshAt = refreshes.nextRun(new Date(now))!.getTime();
    }
    ticks.push(now);
    await bot.daily.runDue();
  }
  bot.ledger.close();
}, 60_000);

afterAll(async () => sources?.close());

describe(`${DAYS} simulated days of daily posts on papers fetched from arXiv and Hugging Face stand-ins`, () => {
  const dailies = (key: ChannelKey) => sent.filter((s) => s.key === key && s.kind === 'daily');

  it('posts once a local day at each channel’s time, never the same paper twice', () => {
    for (const plan of PLANS.filter((p) => keyOf(p.channel) !== DRY_KEY)) {
      const posts = dailies(keyOf(plan.channel));
      expect(
        posts.map((p) => p.localDate),
        keyOf(plan.channel),
      ).toEqual(owedDates(plan, ticks));
      expect(new Set(posts.map((p) => p.paperId)).size).toBe(posts.length);
      // The bot starts at midnight UTC, past Los Angeles' post time on its 1 March: that post goes out at once.
      for (const post of posts.filter((p) => p.at > START)) expect(minutesLate(post, plan)).toBe(0);
    }
    console.log(`sixty days: ${sent.filter((s) => s.kind === 'daily').length} posts in ${PLANS.length} channels`);
  });

  it(`posts papers from the last ${FRESH_DAYS} days on topics with new papers`, () => {
    const onNews = sent.filter((s) => s.kind === 'daily' && s.topic && NEWS.includes(s.topic));
    const fresh = onNews.filter((s) => daysBetween(s.published!, s.localDate) <= FRESH_DAYS);
    const share = fresh.length / onNews.length;
    console.log(
      `sixty days: ${fresh.length} of ${onNews.length} topic posts (${(share * 100).toFixed(1)}%) ` +
        `published within ${FRESH_DAYS} days`,
    );
    expect(onNews.length).toBeGreaterThan(3 * (DAYS - 1));
    expect(share).toBeGreaterThanOrEqual(0.95);
  });

  it('brings Hugging Face’s daily papers to the channel without topics', () => {
    const posts = dailies(keyOf(PLANS[3]!.channel));
    const trending = posts.filter((p) => onHf.has(p.paperId!));
    console.log(`sixty days: ${trending.length} of ${posts.length} posts without topics were Hugging Face papers`);
    expect(trending.length).toBeGreaterThan(posts.length / 2);
  });

  it('posts a dry topic’s three papers, then tells the channel once and keeps asking arXiv', () => {
    const posts = dailies(DRY_KEY);
    const notices = sent.filter((s) => s.key === DRY_KEY && s.kind === 'notice');
    console.log(`sixty days: the dry channel got ${posts.length} posts and ${notices.length} notice(s)`);
    expect(posts.map((p) => p.localDate)).toEqual([0, 1, 2].map((n) => day(START + n * DAY)));
    expect(notices.map((n) => n.localDate)).toEqual([day(START + 3 * DAY)]);
    expect(sent.filter((s) => s.kind === 'notice')).toHaveLength(1);
    expect(sources.searches().filter((q) => q.includes(`all:"${DRY}"`)).length).toBeGreaterThanOrEqual(DAYS);
  });
});
