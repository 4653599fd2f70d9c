import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyClient, slackSender } from '../adapters/slack/sender.js';
import { runLine } from '../src/commands/dispatch.js';
import { assembleBot, type Bot } from '../src/core/bot.js';
import type { Channel } from '../src/core/channel.js';
import { plain, type Reply } from '../src/core/reply.js';
import { isoWeek } from '../src/daily/clock.js';
import { openLedger } from '../src/daily/ledger.js';
import { openStore } from '../src/state/store.js';
import { tempDir } from './support/bot.js';
import { type FakeSlack, startFakeSlack } from './support/fake-slack.js';
import { seeds } from './support/seeds.js';

// A Monday, 10:30 in Berlin: a digest set for Mondays at 09:00 there is due.
const MONDAY = new Date('2026-11-30T09:30:00Z');
const channel: Channel = { platform: 'slack', id: 'CDIGEST' };
const KEY = 'slack:CDIGEST';
const LATE: Channel = { platform: 'slack', id: 'CLATE' };

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack?.close());

/** A bot on `dir` (the same folder is another scheduler, or the bot after a restart) posting to the fake Slack. */
async function slackBot(dir: string, now: () => Date = () => MONDAY): Promise<Bot> {
  const store = await openStore(join(dir, 'state.json'));
  const ledger = openLedger(join(dir, 'daily.db'));
  const bot = assembleBot({ index: seeds().index, store, ledger, timezone: 'UTC', now, sleep: async () => {} });
  bot.daily.useSender('slack', slackSender(dailyClient(slack.botToken, slack.apiUrl)));
  return bot;
}

const ctx = (bot: Bot) => ({ bot, channel, canManageChannel: true });
const textOf = (reply: Reply) => ('text' in reply ? plain(reply.text) : '');
const ids = (reply: Reply) => (reply.kind === 'papers' ? reply.hits.map((hit) => hit.paper.id) : []);

describe("/paper top: the channel's favourites, then Hugging Face's", () => {
  it('ranks papers by the week’s votes (down votes count against), and a month reaches further back', async () => {
    const bot = await slackBot(tempDir());
    const [a, b, c, old] = bot.index.newest(4).map((paper) => paper.id) as [string, string, string, string];
    const at = MONDAY.getTime();
    bot.ledger.recordVote(KEY, b, 'U1', 'up', at - 1000);
    bot.ledger.recordVote(KEY, b, 'U2', 'up', at - 1000);
    bot.ledger.recordVote(KEY, a, 'U1', 'up', at - 2000);
    bot.ledger.recordVote(KEY, c, 'U1', 'down', at - 1000);
    bot.ledger.recordVote(KEY, old, 'U1', 'up', at - 20 * 24 * 60 * 60 * 1000);
    expect(ids(await runLine('/paper top', ctx(bot)))).toEqual([b, a]);
    expect(ids(await runLine('/paper top month', ctx(bot)))).toEqual([b, a, old]);
    expect(textOf(await runLine('/paper top year', ctx(bot)))).toMatch(/week or month/);
    const other = await runLine('/paper top', { ...ctx(bot), channel: { platform: 'slack', id: 'COTHER' } });
    expect(textOf(other)).toMatch(/^Nothing was voted up or saved here/);
  });
});

describe('/paper history: what the channel was shown and saved', () => {
  it('lists daily posts and unfolded links, newest first, with paging and a query', async () => {
    let now = new Date('2026-11-28T09:00:00Z');
    const bot = await slackBot(tempDir(), () => now);
    await runLine('/paper daily on', ctx(bot));
    const posted = await bot.daily.postNow(channel);
    expect(posted.status).toBe('sent');
    const daily = posted.status === 'sent' ? posted.paper : undefined;
    now = new Date('2026-11-28T10:00:00Z');
    const linked = bot.index.byTitle('HyperStyle: StyleGAN Inversion with HyperNetworks for Real Image Editing')!;
    bot.ledger.recordShown(KEY, linked.id, 'https://arxiv.org/abs/2111.15666', now.getTime());

    const all = await runLine('/paper history', ctx(bot));
    expect(ids(all)).toEqual([linked.id, daily!.id]);
    const first = await runLine('/paper history', { ...ctx(bot), pageSize: 1 });
    expect(first).toMatchObject({ pageCount: 2, next: { command: 'history', args: { page: 2 } } });
    expect(ids(await runLine('/paper history hypernetworks', ctx(bot)))).toEqual([linked.id]);
    expect(textOf(await runLine('/paper history zebra crossings', ctx(bot)))).toMatch(/^Nothing this channel/);

    // A paper shown through a link is never the channel's daily paper.
    expect(bot.ledger.postedPapers(KEY)).toEqual(new Set([daily!.id, linked.id]));
  });
});

describe('the weekly digest: claim (channel, ISO week) → send → record, exactly once', () => {
  it('sets, describes and turns off the digest', async () => {
    const bot = await slackBot(tempDir());
    expect(textOf(await runLine('/paper digest weekly mon 09:00 Europe/Berlin', ctx(bot)))).toMatch(
      /Weekly digest set: .*Mondays at 09:00 \(Europe\/Berlin\)/,
    );
    expect(textOf(await runLine('/subscriptions', ctx(bot)))).toMatch(/Weekly digest: Mondays at 09:00/);
    expect(textOf(await runLine('/paper digest weekly someday', ctx(bot)))).toMatch(/not a weekday/);
    expect(textOf(await runLine('/paper digest off', ctx(bot)))).toMatch(/off/);
    expect(bot.ledger.digestSettings().size).toBe(0);
    expect((await runLine('/paper digest weekly mon', { ...ctx(bot), canManageChannel: false })).kind).toBe('error');
  });

  it('two schedulers on one data folder, and a restart, post one digest; a lost answer is checked, not resent', async () => {
    const dir = tempDir();
    const [first, second] = [await slackBot(dir), await slackBot(dir)];
    await runLine('/paper digest weekly mon 09:00 Europe/Berlin', ctx(first));
    await runLine('/subscribe style transfer', ctx(first));
    const voted = first.index.newest(1)[0]!.id;
    first.ledger.recordVote(KEY, voted, 'U1', 'up', MONDAY.getTime() - 1000);

    // The first answer is lost after Slack posted: the resend looks in the history and finds it.
    slack.loseAnswers('http500', 1);
    const [a, b] = await Promise.all([first.daily.runDigests(), second.daily.runDigests()]);
    const outcomes = [a.get(KEY)?.status, b.get(KEY)?.status];
    expect(outcomes.filter((status) => status === 'sent')).toHaveLength(1);
    const restarted = await slackBot(dir);
    expect((await restarted.daily.runDigests()).size).toBe(0);

    const messages = (slack.channelMessages.get('CDIGEST') ?? []).filter((m) => /top papers/.test(m.text));
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toMatch(/This week's top papers/);
    expect(messages[0].metadata.event_payload.date).toBe(isoWeek('2026-11-30'));
    expect(slack.calls.some((c) => c.method === 'conversations.history' && c.body.channel === 'CDIGEST')).toBe(true);
    const record = restarted.ledger.digests.post(KEY, '2026-W49');
    expect(record).toMatchObject({ status: 'sent' });
    expect(record?.paperId?.split(' ')[0]).toBe(voted);
  });

  it('is not due before its weekday and time, and goes out later in the week if the bot was down', async () => {
    const dir = tempDir();
    const early = await slackBot(dir, () => new Date('2026-11-30T07:00:00Z')); // Monday 08:00 in Berlin
    await runLine('/paper digest weekly mon 09:00 Europe/Berlin', { ...ctx(early), channel: LATE });
    early.ledger.recordVote('slack:CLATE', early.index.newest(1)[0]!.id, 'U1', 'up', Date.parse('2026-11-29'));
    expect((await early.daily.runDigests()).size).toBe(0);
    const wednesday = await slackBot(dir, () => new Date('2026-12-02T12:00:00Z'));
    expect((await wednesday.daily.runDigests()).get('slack:CLATE')?.status).toBe('sent');
    expect(wednesday.ledger.digests.post('slack:CLATE', '2026-W49')?.status).toBe('sent');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2026-12-28')).toBe('2026-W53');
  });
});
