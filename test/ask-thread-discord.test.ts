import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAdapter } from '../adapters/running.js';
import { startPlatforms, stopAll } from '../app/start.js';
import { startBot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import { tempDir } from './support/bot.js';
import { CHANNEL_ID, type FakeDiscord, startFakeDiscord } from './support/fake-discord.js';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.js';

let fake: FakeDiscord;
let llm: FakeLlm;
let running: RunningAdapter[];

beforeAll(async () => {
  fake = await startFakeDiscord();
  llm = await startFakeLlm();
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DATA_DIR: tempDir(),
    LLM_BASE_URL: llm.baseUrl,
    LLM_MODEL: 'fake-model',
    LLM_TIMEOUT_SECONDS: '5',
  });
  running = await startPlatforms(await startBot(config), config);
});
afterAll(async () => {
  await stopAll(running ?? []);
  await fake?.close();
  await llm?.close();
});

const EPHEMERAL = 64;

async function until<T>(read: () => T | undefined, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Button = { label: string; custom_id: string };
const buttonsOf = (data: { components: { components: Button[] }[] }) => data.components.flatMap((r) => r.components);
const text = (message: { content: string; embeds: { description?: string; footer?: { text: string } }[] }) =>
  [message.content, ...message.embeds.flatMap((e) => [e.description, e.footer?.text])].join('\n');

/** Streams a cited answer about the papers it was given, a piece every `gapMs`. */
const answering = (gapMs: number) => () => ({
  answer:
    'It supports seven GAN architectures [1]. It benchmarks them on four datasets [1]. It was built in PyTorch [1].',
  piece: 10,
  gapMs,
});

describe('asking about a paper where it was posted, on Discord', () => {
  it('opens a modal from the card, answers in a thread on the card, and continues there', async () => {
    const search = await fake.send(fake.command('paper', [{ name: 'query', value: 'StudioGAN' }]));
    const ask = buttonsOf(search.body.data).find((b) => b.label.startsWith('Ask about StudioGAN'))!;
    expect(ask.custom_id).toMatch(/^pb:ask-paper\{"paper":"studiogan-/);
    const card = fake.messageFrom(search.body.data);

    const click = await fake.send(fake.button(ask.custom_id, card));
    expect(click.body.type).toBe(9);
    expect(click.body.data.title).toBe('Ask about this paper');
    expect(click.body.data.custom_id.length).toBeLessThanOrEqual(100);
    const [input] = click.body.data.components[0].components;
    expect(input).toMatchObject({ type: 4, custom_id: 'question', style: 2, required: true });

    llm.behave(answering(150));
    const submit = await fake.send(
      fake.modalSubmit(click.body.data.custom_id, { question: 'How many architectures?' }, card),
    );
    expect(submit.body.type).toBe(6);
    const start = await fake.waitFor((r) => r.path === `/channels/${CHANNEL_ID}/messages/${card.id}/threads`);
    expect(start.body).toMatchObject({ name: expect.stringMatching(/^Questions: StudioGAN/) });
    expect(fake.threads.get(card.id)?.parent_id).toBe(CHANNEL_ID);
    const answer = await until(() =>
      fake.channelMessages.get(card.id)?.find((m) => /Written by fake-model/.test(text(m))),
    );
    // The model was given this paper alone.
    expect(llm.titlesIn(llm.requests.at(-1)!)).toEqual([expect.stringMatching(/^StudioGAN/)]);
    expect(text(answer)).toContain('Answer to “How many architectures?”');
    expect(text(answer)).toMatch(/It supports seven GAN architectures\. \[\[1\]\]/);
    expect(text(answer)).toContain('It was built in PyTorch.');
    expect(answer.allowed_mentions).toEqual({ parse: [] });
    // Posted as a draft while the model wrote, then edited in place (PATCH) into the answer.
    expect(answer.edited_timestamp).toBeDefined();

    // A second question: the model fails this time, so the abstract is quoted, in the same thread.
    llm.behave(() => ({ status: 500 }));
    const again = await fake.send(fake.button(ask.custom_id, card));
    await fake.send(fake.modalSubmit(again.body.data.custom_id, { question: 'What metrics does it use?' }, card));
    const second = await until(() => fake.channelMessages.get(card.id)?.[1]);
    expect(text(second)).toContain('Answer to “What metrics does it use?”');
    expect(text(second)).toContain('The language model did not answer');
    expect(fake.channelMessages.get(card.id)).toHaveLength(2);
    expect([...fake.threads.keys()].filter((id) => id === card.id)).toHaveLength(1);
  });

  it('puts the Ask button on the daily post too', async () => {
    const { renderReply } = await import('../adapters/discord/render.js');
    const { paperTitled } = await import('./support/seeds.js');
    const paper = paperTitled('StudioGAN');
    const noop = { command: 'similar', args: { paper: paper.id } };
    const daily = await renderReply(
      { kind: 'daily', paper, archive: false, abstract: paper.abstract, more: noop, up: noop, down: noop },
      async (action) => `pb:${action.command}${JSON.stringify(action.args)}`,
    );
    expect(buttonsOf(daily as never).map((b) => b.label)).toContain('Ask about StudioGAN');
  });

  it('answers the asker alone when the card was theirs alone (no thread on an ephemeral message)', async () => {
    const search = await fake.send(fake.command('paper', [{ name: 'query', value: 'StudioGAN' }]));
    const ask = buttonsOf(search.body.data).find((b) => b.label.startsWith('Ask about StudioGAN'))!;
    const card = fake.messageFrom({ ...search.body.data, flags: EPHEMERAL });
    const click = await fake.send(fake.button(ask.custom_id, card));
    llm.behave(answering(0));
    const submit = await fake.send(fake.modalSubmit(click.body.data.custom_id, { question: 'How many?' }, card));
    expect(submit.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await fake.waitFor(
      (r) => r.method === 'PATCH' && r.path.endsWith(`/messages/@original`) && r.at >= submit.at,
    );
    expect(text(edit.body)).toContain('It supports seven GAN architectures.');
    expect(fake.threads.has(card.id)).toBe(false);
  });

  it('streams a long /ask answer into the reply, editing it at most once a second', async () => {
    llm.behave(answering(120));
    const before = fake.requests.length;
    await fake.send(
      fake.command('ask', [{ name: 'question', value: 'How many GAN architectures does StudioGAN support?' }]),
    );
    const final = await fake.waitFor(
      (r) => fake.requests.indexOf(r) >= before && r.method === 'PATCH' && /Written by/.test(JSON.stringify(r.body)),
    );
    const edits = fake.requests.slice(before).filter((r) => r.method === 'PATCH' && r.path.endsWith('@original'));
    const drafts = edits.filter((r) => /is writing/.test(JSON.stringify(r.body)));
    expect(drafts.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < drafts.length; i++) expect(drafts[i]!.at - drafts[i - 1]!.at).toBeGreaterThanOrEqual(950);
    expect(edits.at(-1)).toBe(final);
    expect(JSON.stringify(final.body)).toContain('It was built in PyTorch.');
  });
});
