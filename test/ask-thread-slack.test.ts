import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAdapter } from '../adapters/running.js';
import { startPlatforms, stopAll } from '../app/start.js';
import { startBot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import { tempDir } from './support/bot.js';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.js';
import { buttonClick, type FakeSlack, slashCommand, startFakeSlack, viewSubmission } from './support/fake-slack.js';

let fake: FakeSlack;
let llm: FakeLlm;
let running: RunningAdapter[];

beforeAll(async () => {
  fake = await startFakeSlack();
  llm = await startFakeLlm();
  const config = loadConfig({
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_APP_TOKEN: fake.appToken,
    SLACK_API_URL: fake.apiUrl,
    DATA_DIR: tempDir(),
    LLM_BASE_URL: llm.baseUrl,
    LLM_MODEL: 'fake-model',
  });
  running = await startPlatforms(await startBot(config), config);
  await until(() => fake.connected());
});
afterAll(async () => {
  await stopAll(running ?? []);
  await fake?.close();
  await llm?.close();
});

const CHANNEL = 'C03E94MKU';

/** Polls: the fake notifies on each call before it stores a posted message, so waiting on messages needs a look later. */
async function until(check: () => boolean, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
type Block = {
  type: string;
  text?: { text: string };
  accessory?: { action_id: string; value: string; text: { text: string } };
};
const messages = () => fake.channelMessages.get(CHANNEL) ?? [];
const shown = (message: { text?: string; blocks?: unknown }) => `${message.text}\n${JSON.stringify(message.blocks)}`;

const answering = (gapMs: number) => () => ({
  answer:
    'It supports seven GAN architectures [1]. It benchmarks them on four datasets [1]. It was built in PyTorch [1].',
  piece: 10,
  gapMs,
});

async function search(query: string) {
  const before = messages().length;
  await fake.sendEnvelope('slash_commands', slashCommand(query, fake.responseUrl()));
  await until(() => messages().length > before);
  return messages()[before]!;
}

/** Clicks the card's Ask button and returns the view it opened. */
async function clickAsk(card: { ts: string; blocks: Block[] }) {
  const section = card.blocks.find((b) => b.accessory?.text.text === 'Ask about this paper')!;
  const before = fake.views.length;
  await fake.sendEnvelope('interactive', buttonClick(section.accessory!, card, fake.responseUrl()));
  await until(() => fake.views.length > before);
  return fake.views.at(-1)!;
}

describe('asking about a paper where it was posted, on Slack', () => {
  it('opens a view from the card, answers in the card’s thread, and continues there', async () => {
    const card = await search('StudioGAN');
    const view = await clickAsk(card);
    expect(view).toMatchObject({ type: 'modal', callback_id: 'pb_question', title: { text: 'Ask about this paper' } });
    expect(view.blocks[0]).toMatchObject({ type: 'input', element: { type: 'plain_text_input' } });
    const open = fake.calls.filter((c) => c.method === 'views.open').at(-1)!;
    expect(open.body.trigger_id).toMatch(/\.47445629121\./);

    llm.behave(answering(150));
    const before = messages().length;
    await fake.sendEnvelope('interactive', viewSubmission(view, 'How many architectures?'));
    const answer = await until(() =>
      messages().some((m) => m.thread_ts === card.ts && /Written by fake-model/.test(shown(m))),
    ).then(() => messages().find((m) => m.thread_ts === card.ts)!);
    expect(shown(answer)).toContain('Answer to “How many architectures?”');
    expect(shown(answer)).toContain('It was built in PyTorch.');
    // The draft was posted, then updated in place while the model wrote.
    expect(fake.calls.some((c) => c.method === 'chat.update' && c.body.ts === answer.ts)).toBe(true);
    expect(llm.titlesIn(llm.requests.at(-1)!)).toEqual([expect.stringMatching(/^StudioGAN/)]);

    // The second question lands in the same thread; the model fails, so the abstract is quoted.
    llm.behave(() => ({ status: 500 }));
    const again = await clickAsk(card);
    await fake.sendEnvelope('interactive', viewSubmission(again, 'What metrics does it use?'));
    await until(() => messages().filter((m) => m.thread_ts === card.ts).length === 2);
    const second = messages().filter((m) => m.thread_ts === card.ts)[1]!;
    expect(shown(second)).toContain('Answer to “What metrics does it use?”');
    expect(shown(second)).toContain('The language model did not answer');
    expect(messages().length - before).toBe(2);
  });

  it('answers the asker alone when the card was theirs alone', async () => {
    const card = await search('StudioGAN');
    const section = (card.blocks as Block[]).find((b) => b.accessory)!;
    const before = fake.views.length;
    await fake.sendEnvelope('interactive', buttonClick(section.accessory!, card, fake.responseUrl(), true));
    await until(() => fake.views.length > before);
    llm.behave(answering(0));
    const ephemerals = fake.ephemerals.length;
    await fake.sendEnvelope('interactive', viewSubmission(fake.views.at(-1), 'How many?'));
    await until(() => fake.ephemerals.length > ephemerals);
    expect(fake.ephemerals.at(-1)).toMatchObject({ channel: CHANNEL, user: 'U111' });
    expect(shown(fake.ephemerals.at(-1))).toContain('It supports seven GAN architectures.');
  });

  it('streams a long /paper ask answer into one message with chat.update', async () => {
    llm.behave(answering(100));
    const before = messages().length;
    await fake.sendEnvelope(
      'slash_commands',
      slashCommand('ask How many GAN architectures does StudioGAN support?', fake.responseUrl()),
    );
    await until(() => messages().length > before && /Written by/.test(shown(messages()[before]!)));
    const answer = messages()[before]!;
    expect(messages().length).toBe(before + 1);
    expect(shown(answer)).toContain('It was built in PyTorch.');
    expect(
      fake.calls.filter((c) => c.method === 'chat.update' && c.body.ts === answer.ts).length,
    ).toBeGreaterThanOrEqual(1);
  });
});
