import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAdapter } from '../adapters/running.js';
import { startPlatforms, stopAll } from '../app/start.js';
import { runLine } from '../src/commands/dispatch.js';
import { paperLinksIn } from '../src/commands/unfold.js';
import type { Reply } from '../src/core/reply.js';
import { botWithSources } from './support/bot-with-sources.js';
import { CHANNEL_ID, startFakeDiscord } from './support/fake-discord.js';
import { type FakeSlack, linkShared, startFakeSlack } from './support/fake-slack.js';
import { type FakeSources, startFakeSources } from './support/fake-sources.js';

const NOW = new Date('2026-03-05T09:00:00Z');
const LINKED = {
  id: '2603.00042',
  title: 'Unfolding Links into Cards',
  summary: 'We show a paper where its link was pasted. It saves a click.',
  authors: ['Ada Lovelace'],
  category: 'cs.HC',
  published: '2026-03-02T00:00:00Z',
};
const ids = (reply: Reply) => (reply.kind === 'papers' ? reply.hits.map((hit) => hit.paper.id) : []);

let sources: FakeSources;
beforeAll(async () => {
  sources = await startFakeSources();
  sources.publish([LINKED]);
});
afterAll(() => sources?.close());

describe('paper links in a message', () => {
  it('finds arXiv, Hugging Face and OpenReview links, each once, without trailing punctuation', () => {
    const text =
      'see https://arxiv.org/pdf/2603.00042v2, and <https://huggingface.co/papers/2603.00042> or ' +
      'https://openreview.net/forum?id=abC-123). Not https://example.com/2603.00042';
    expect(paperLinksIn(text)).toEqual([
      'https://arxiv.org/pdf/2603.00042v2',
      'https://huggingface.co/papers/2603.00042',
      'https://openreview.net/forum?id=abC-123',
    ]);
  });
});

describe('Slack unfurls paper links (link_shared → chat.unfurl)', () => {
  let slack: FakeSlack;
  let running: RunningAdapter[];
  let bot: Awaited<ReturnType<typeof botWithSources>>['bot'];

  beforeAll(async () => {
    slack = await startFakeSlack();
    const started = await botWithSources(sources, () => NOW, {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: slack.appToken,
      SLACK_API_URL: slack.apiUrl,
    });
    bot = started.bot;
    running = await startPlatforms(bot, started.config);
    await slack.until(() => slack.connected());
  });
  afterAll(async () => {
    await stopAll(running ?? []);
    await slack?.close();
  });

  it('unfurls a paper the library lacks into its card, fetched by id, and leaves other links alone', async () => {
    const url = 'https://arxiv.org/abs/2603.00042v1';
    const unknownForum = 'https://openreview.net/forum?id=NotKnown1';
    await slack.sendEnvelope('events_api', linkShared([url, 'https://example.com/a', unknownForum]));
    await slack.until(() => slack.unfurls.length > 0);
    const [unfurl] = slack.unfurls;
    expect(unfurl.channel).toBe('C03E94MKU');
    expect(unfurl.ts).toBe('1700000100.000200');
    expect(Object.keys(unfurl.unfurls)).toEqual([url]);
    const blocks = JSON.stringify(unfurl.unfurls[url].blocks);
    expect(blocks).toContain('Unfolding Links into Cards');
    expect(blocks).toContain('Ada Lovelace');
    expect(sources.requests.some((r) => r.query.get('id_list') === '2603.00042')).toBe(true);
    // The channel's history has it, and its daily paper will never be this one.
    const channel = { platform: 'slack' as const, id: 'C03E94MKU' };
    expect(ids(await runLine('/paper history', { bot, channel, canManageChannel: false }))).toEqual(['2603.00042']);
    expect(bot.ledger.postedPapers('slack:C03E94MKU').has('2603.00042')).toBe(true);
  });

  it('unfurls a link being written by its unfurl_id, without recording it as shown', async () => {
    const url = 'https://huggingface.co/papers/2603.00042';
    await slack.sendEnvelope('events_api', linkShared([url], { channel: 'CDRAFT', source: 'composer' }));
    await slack.until(() => slack.unfurls.length > 1);
    expect(slack.unfurls[1]).toMatchObject({ source: 'composer', unfurl_id: 'C-1700000100.000200' });
    expect(bot.ledger.shown('slack:CDRAFT')).toEqual([]);
  });
});

describe('Discord link cards (opt-in: DISCORD_LINK_CARDS=on)', () => {
  const MESSAGE_CONTENT = 1 << 15;

  async function startDiscordBot(linkCards: 'on' | 'off') {
    const discord = await startFakeDiscord();
    const { bot, config } = await botWithSources(sources, () => NOW, {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_LINK_CARDS: linkCards,
    });
    const running = await startPlatforms(bot, config);
    return { discord, bot, running };
  }

  let on: Awaited<ReturnType<typeof startDiscordBot>>;
  let off: Awaited<ReturnType<typeof startDiscordBot>>;
  beforeAll(async () => {
    [on, off] = await Promise.all([startDiscordBot('on'), startDiscordBot('off')]);
  });
  afterAll(async () => {
    for (const started of [on, off]) {
      await stopAll(started?.running ?? []);
      await started?.discord.close();
    }
  });

  it('replies to a message holding a paper link with its card, pinging nobody', async () => {
    expect(on.discord.identified.at(-1)! & MESSAGE_CONTENT).toBe(MESSAGE_CONTENT);
    const sent = on.discord.postMessage('worth a read: https://arxiv.org/abs/2603.00042');
    expect(sent.delivered).toBe(true);
    const reply = await on.discord.waitFor((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);
    expect(reply.body.message_reference).toMatchObject({ message_id: sent.id });
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply.body.embeds[0].title).toBe('Unfolding Links into Cards');
    expect(on.bot.ledger.shown(`discord:${CHANNEL_ID}`).map((s) => s.paperId)).toEqual(['2603.00042']);
  });

  it('is off by default: no Message Content intent is asked for, and no message is answered', async () => {
    expect(off.discord.identified.at(-1)! & MESSAGE_CONTENT).toBe(0);
    expect(off.discord.postMessage('https://arxiv.org/abs/2603.00042').delivered).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(off.discord.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/channels/'))).toEqual([]);
  });
});
