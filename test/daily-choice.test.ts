import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleBot } from '../src/core/bot.js';
import type { Channel } from '../src/core/channel.js';
import type { Paper } from '../src/core/paper.js';
import { plain } from '../src/core/reply.js';
import { indexTerms } from '../src/core/text.js';
import { createChooser } from '../src/daily/choose.js';
import { openLedger } from '../src/daily/ledger.js';
import type { OutgoingNotice, OutgoingPost } from '../src/daily/service.js';
import { type Taste, tasteOf } from '../src/daily/taste.js';
import { buildIndex, type PaperIndex } from '../src/search/paper-index.js';
import { openStore } from '../src/state/store.js';
import { subscribe } from '../src/state/subscriptions.js';
import { type Area, areaOf, diffusionLibrary } from './daily-choice-library.js';
import { tempDir } from './support/bot.js';

const DAY = 24 * 60 * 60 * 1000;
const START = '2026-03-01';
const channel: Channel = { platform: 'slack', id: 'CSIM' };
const key = 'slack:CSIM';

/** A bot on the given papers whose clock the test moves, recording whatever is sent to its channels. */
async function simBot(index: PaperIndex, topic: string) {
  let now = new Date(`${START}T10:00:00Z`);
  const dir = tempDir();
  const store = await openStore(join(dir, 'state.json'));
  const bot = assembleBot({
    index,
    store,
    ledger: openLedger(join(dir, 'daily.db')),
    timezone: 'UTC',
    now: () => now,
  });
  const sent: (OutgoingPost | OutgoingNotice)[] = [];
  bot.daily.useSender('slack', {
    async send(post) {
      sent.push(post as OutgoingPost | OutgoingNotice); // no weekly digests here
      return { messageId: String(sent.length) };
    },
  });
  await subscribe(store, channel, topic, now);
  return { bot, sent, setDay: (day: number) => (now = new Date(Date.parse(`${START}T10:00:00Z`) + day * DAY)) };
}

/**
 * The library as it stood on a day: papers published later have not arrived. One index viewed day by day
 * (rebuilding it every day would triple the test's time; only term statistics differ).
 */
function asOf(index: PaperIndex, day: number): PaperIndex {
  const today = new Date(Date.parse(START) + day * DAY).toISOString().slice(0, 10);
  const arrived = (paper: Paper | undefined) => (paper && (paper.published ?? '') <= today ? paper : undefined);
  return {
    ...index,
    get: (id) => arrived(index.get(id)),
    search(text, options) {
      const page = index.search(text, options);
      const hits = page.hits.filter((hit) => arrived(hit.paper));
      return { ...page, hits, total: hits.length };
    },
  };
}

type Voting = 'none' | 'every post' | 'one upvote';

/** 30 days of daily posts on "diffusion models"; members 👍 sub-area A and 👎 B as `voting` says. */
async function simulate(index: PaperIndex, voting: Voting): Promise<Area[]> {
  const { bot, sent, setDay } = await simBot(asOf(index, 0), 'diffusion models');
  const areas: Area[] = [];
  let upvoted = false;
  for (let day = 0; day < 30; day++) {
    setDay(day);
    bot.useIndex(asOf(index, day));
    await bot.daily.runDue();
    const post = sent.at(-1);
    if (post?.reply.kind !== 'daily' || post.localDate !== bot.now().toISOString().slice(0, 10)) continue;
    const area = areaOf(post.reply.paper)!;
    areas.push(area);
    const vote = area === 'A' ? 'up' : 'down';
    if (voting === 'every post' || (voting === 'one upvote' && vote === 'up' && !upvoted)) {
      upvoted ||= vote === 'up';
      for (const user of ['U1', 'U2']) bot.ledger.recordVote(key, post.reply.paper.id, user, vote, bot.now().getTime());
    }
  }
  return areas;
}

const shareOfA = (areas: readonly Area[]) => areas.filter((a) => a === 'A').length / Math.max(1, areas.length);
const percent = (share: number) => `${Math.round(share * 100)}%`;

describe('feedback shapes the daily choice', () => {
  it('moves a channel toward the sub-area it upvotes, without locking it in after one vote', async () => {
    const index = buildIndex(diffusionLibrary(START, 15, 30));
    const [voted, unvoted, once] = await Promise.all([
      simulate(index, 'every post'),
      simulate(index, 'none'),
      simulate(index, 'one upvote'),
    ]);
    const halves = (areas: Area[]) => ({ first15: shareOfA(areas.slice(0, 15)), last15: shareOfA(areas.slice(15)) });
    const [withVotes, without, single] = [halves(voted), halves(unvoted), halves(once)];
    const afterOneVote = once.slice(once.indexOf('A') + 1);
    const bAfterOneVote = afterOneVote.filter((a) => a === 'B').length;
    console.log(
      'share of daily posts from sub-area A, days 1-15 → 16-30:',
      `votes on every post ${percent(withVotes.first15)} → ${percent(withVotes.last15)};`,
      `no votes ${percent(without.first15)} → ${percent(without.last15)};`,
      `one 👍 ${percent(single.first15)} → ${percent(single.last15)}`,
      `(then B on ${bAfterOneVote} of ${afterOneVote.length} days)`,
    );
    expect(voted).toHaveLength(30);
    expect(withVotes.last15).toBeGreaterThan(withVotes.first15);
    expect(withVotes.last15).toBeGreaterThan(without.last15);
    // One 👍 nudges, it does not lock the channel into A: B papers keep coming.
    expect(bAfterOneVote).toBeGreaterThanOrEqual(afterOneVote.length / 4);
  });

  it('bounds what votes do: one vote nudges, many at most triple or divide by three', () => {
    const papers = diffusionLibrary(START, 15, 0);
    const index = buildIndex(papers);
    const termsOf = (paper: Paper) => new Set(indexTerms(`${paper.title}\n${paper.abstract}`));
    const [a, b] = [papers.filter((p) => areaOf(p) === 'A'), papers.filter((p) => areaOf(p) === 'B')];
    const one = tasteOf(index, [{ paperId: a[0]?.id ?? '', vote: 'up' }], termsOf);
    const many = tasteOf(
      index,
      [
        ...a.slice(0, 12).map((p) => ({ paperId: p.id, vote: 'up' as const })),
        ...b.slice(0, 12).map((p) => ({ paperId: p.id, vote: 'down' as const })),
      ],
      termsOf,
    );
    const factors = (taste: Taste, area: Paper[]) => area.slice(12).map(taste);
    console.log(
      'vote factors: one 👍 on A',
      range(factors(one, a)),
      'B',
      range(factors(one, b)),
      '; 12 👍 A, 12 👎 B: A',
      range(factors(many, a)),
      'B',
      range(factors(many, b)),
    );
    for (const factor of [...factors(one, a), ...factors(one, b)]) expect(factor).toBeLessThan(1.5);
    for (const factor of [...factors(many, a), ...factors(many, b)]) {
      expect(factor).toBeLessThanOrEqual(3);
      expect(factor).toBeGreaterThanOrEqual(1 / 3);
    }
    expect(Math.min(...factors(many, a))).toBeGreaterThan(Math.max(...factors(many, b)));
  });
});

const range = (values: number[]) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

describe('the daily choice', () => {
  const paper = (
    id: string,
    title: string,
    published: string,
    abstract = 'Gaussian splatting renders scenes in real time.',
  ): Paper => ({ id, title, abstract, published, links: {}, source: 'file' });

  it('prefers papers published since the channel’s last post, then recent ones, then the archive', () => {
    const index = buildIndex([
      paper('recent', 'Gaussian Splatting', '2026-11-20'),
      paper('since', 'Splatting Large Outdoor Scenes with Gaussian Primitives', '2026-11-26'),
      paper('old', 'Gaussian Splatting for Scenes', '2025-01-01'),
    ]);
    const choose = createChooser(index, new Date('2026-11-28T10:00:00Z'));
    const pick = (since: string | undefined, seen: string[] = []) => {
      const choice = choose(['gaussian splatting'], new Set(seen), [], { since });
      return 'reason' in choice ? choice.reason : `${choice.paper.id}${choice.archive ? ' (archive)' : ''}`;
    };
    expect(pick(undefined)).toBe('recent'); // no post yet: the best recent match
    expect(pick('2026-11-25')).toBe('since'); // less relevant, but new since the last post
    expect(pick('2026-11-25', ['since'])).toBe('recent');
    expect(pick('2026-11-25', ['since', 'recent'])).toBe('old (archive)');
  });

  it('takes a paper from the week before the last post over a better, older match when nothing is newer', () => {
    const index = buildIndex([
      paper('older', 'Gaussian Splatting', '2026-11-16'),
      paper('week', 'Splatting Large Outdoor Scenes with Gaussian Primitives', '2026-11-24'),
    ]);
    // A Sunday: nothing published since Saturday's post.
    const choice = createChooser(index, new Date('2026-11-29T10:00:00Z'))(['gaussian splatting'], new Set(), [], {
      since: '2026-11-28',
    });
    expect('paper' in choice && choice.paper.id).toBe('week');
  });

  it('tells a channel once that it ran dry, says so in the status, and again only after a post', async () => {
    const splat = (id: string, published: string) => paper(id, `Gaussian Splatting ${id}`, published);
    const { bot, sent, setDay } = await simBot(
      buildIndex([splat('s1', '2026-02-27'), splat('s2', '2026-02-28')]),
      'gaussian splatting',
    );
    for (let day = 0; day < 5; day++) {
      setDay(day);
      await bot.daily.runDue();
    }
    const what = (p: OutgoingPost | OutgoingNotice) => (p.reply.kind === 'daily' ? p.reply.paper.id : p.reply.kind);
    expect(sent.map(what)).toEqual(['s1', 's2', 'notice']);
    const notice = sent[2]!;
    expect(notice.localDate).toBe('2026-03-03');
    const text = plain(notice.reply.kind === 'notice' ? notice.reply.text : []);
    expect(text).toMatch(/^No daily paper today: no unseen paper matches "gaussian splatting"\. /);
    expect(text).toMatch(/Follow broader or more topics with \/subscribe <topic>/);
    expect(bot.ledger.lastPost(key)?.status).toBe('skipped');
    expect(bot.daily.status()[0]?.dry?.localDate).toBe('2026-03-03');

    // A new paper arrives: it is posted, the notice is forgotten, and running dry again is told again.
    bot.useIndex(buildIndex([splat('s1', '2026-02-27'), splat('s2', '2026-02-28'), splat('s3', '2026-03-05')]));
    for (let day = 5; day < 8; day++) {
      setDay(day);
      await bot.daily.runDue();
      if (day === 5) expect(bot.daily.status()[0]?.dry).toBeUndefined();
    }
    expect(sent.slice(3).map(what)).toEqual(['s3', 'notice']);
    expect(bot.ledger.lastSentDate(key)).toBe('2026-03-06');
  });
});
