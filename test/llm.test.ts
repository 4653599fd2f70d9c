import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCitations } from '../src/answers/citations.js';
import { liveReply } from '../src/answers/live.js';
import { createLlm, type LlmSettings } from '../src/answers/llm.js';
import { perMinuteLimit } from '../src/answers/rate.js';
import { runCommand } from '../src/commands/dispatch.js';
import { plainText } from '../src/core/card.js';
import { loadConfig } from '../src/core/config.js';
import { present } from '../src/core/present.js';
import type { Reply } from '../src/core/reply.js';
import { contextFor, testBot } from './support/bot.js';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.js';
import { captureLog } from './support/log-records.js';
import { paperTitled, seeds } from './support/seeds.js';

let fake: FakeLlm;
beforeAll(async () => {
  fake = await startFakeLlm();
});
afterAll(async () => fake?.close());

const QUESTION = 'How many GAN architectures does StudioGAN support?';

async function botWith(settings: Partial<LlmSettings> = {}) {
  const llm = createLlm({
    baseUrl: fake.baseUrl,
    model: 'fake-model',
    timeoutMs: 2000,
    callsPerMinute: 100,
    ...settings,
  });
  return Object.assign(await testBot(), { llm });
}

/** The line above an answer saying why it is quoted. */
const noteOf = (reply: Reply) => {
  const note = present(reply).elements[0];
  return note?.kind === 'context' ? note.text : [];
};

const text = (reply: Reply) =>
  present(reply)
    .cards.flatMap((card) => card.elements)
    .map((e) => (e.kind === 'text' || e.kind === 'context' ? plainText(e.text) : ''))
    .join('\n');

describe('written answers from an OpenAI-compatible endpoint', () => {
  it('is off by default: without LLM_MODEL nothing is called and answers are quoted', async () => {
    expect(loadConfig({}).LLM_MODEL).toBeUndefined();
    const bot = await testBot();
    const before = fake.requests.length;
    const reply = await runCommand('ask', { question: QUESTION }, contextFor(bot));
    expect(reply.kind).toBe('answer');
    expect(fake.requests.length).toBe(before);
  });

  it('answers from the retrieved papers only, numbered in the prompt, each sentence citing one, and logs the tokens', async () => {
    fake.behave((request) => {
      const n = fake.titlesIn(request).findIndex((t) => t.startsWith('StudioGAN')) + 1;
      return {
        answer: `StudioGAN supports seven GAN architectures [${n}]. It also covers many conditioning methods [${n}].`,
      };
    });
    const log = captureLog();
    const bot = await botWith();
    const reply = await runCommand('ask', { question: QUESTION }, contextFor(bot));
    log.stop();
    const request = fake.requests.at(-1)!;
    expect(request.body.model).toBe('fake-model');
    expect(request.body.stream).toBeFalsy();
    const prompt = request.body.messages.at(-1)!.content;
    expect(prompt).toContain(`Question: ${QUESTION}`);
    const titles = fake.titlesIn(request);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.length).toBeLessThanOrEqual(5);
    expect(prompt).toContain(paperTitled('StudioGAN').abstract.slice(0, 100));
    expect(reply.kind).toBe('written-answer');
    if (reply.kind !== 'written-answer') return;
    expect(reply.sentences.map((s) => [s.text, s.papers.map((p) => p.title)])).toEqual([
      ['StudioGAN supports seven GAN architectures.', [paperTitled('StudioGAN').title]],
      ['It also covers many conditioning methods.', [paperTitled('StudioGAN').title]],
    ]);
    expect(text(reply)).toMatch(/StudioGAN supports seven GAN architectures\. \[1\]/);
    expect(text(reply)).toContain('Written by fake-model from these abstracts.');
    expect(log.records).toContainEqual(
      expect.objectContaining({
        msg: 'llm answered',
        model: 'fake-model',
        promptTokens: 812,
        completionTokens: 64,
        totalTokens: 876,
      }),
    );
  });

  it('streams with progress: whole cited sentences as they arrive, usage asked for, then the final answer', async () => {
    fake.behave((request) => {
      const n = fake.titlesIn(request).findIndex((t) => t.startsWith('StudioGAN')) + 1;
      return {
        answer: `StudioGAN supports seven GAN architectures [${n}]. It offers nine conditioning methods [${n}]. It has benchmarks [${n}].`,
        piece: 5,
      };
    });
    const bot = await botWith();
    const shown: Reply[] = [];
    const reply = await runCommand(
      'ask',
      { question: QUESTION },
      { ...contextFor(bot), progress: (r) => shown.push(r) },
    );
    expect(fake.requests.at(-1)!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(shown.map((r) => (r.kind === 'written-answer' ? [r.sentences.length, r.writing] : r.kind))).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(text(shown[0]!)).toContain('fake-model is writing…');
    expect(reply.kind === 'written-answer' && reply.sentences.length).toBe(3);
    expect(reply.kind === 'written-answer' && reply.writing).toBeFalsy();
  });

  it('removes citations of papers it was not given, and drops sentences left without one', async () => {
    fake.behave((request) => {
      const n = fake.titlesIn(request).findIndex((t) => t.startsWith('StudioGAN')) + 1;
      return {
        answer: `StudioGAN supports seven GAN architectures [${n}][9]. It was trained on the moon [12]. Also [0] this.`,
      };
    });
    const log = captureLog();
    const bot = await botWith();
    const reply = await runCommand('ask', { question: QUESTION }, contextFor(bot));
    log.stop();
    expect(reply.kind === 'written-answer' && reply.sentences.map((s) => [s.text, s.papers.length])).toEqual([
      ['StudioGAN supports seven GAN architectures.', 1],
    ]);
    expect(JSON.stringify(present(reply))).not.toContain('moon');
    expect(log.records).toContainEqual(expect.objectContaining({ dropped: 2, foreign: [9, 12, 0] }));
  });

  const fallsBack = [
    ['an empty answer', { answer: '' }],
    ['an answer citing nothing it was given', { answer: 'GANs are great [42].' }],
    ['a 500', { status: 500 }],
    ['a 429', { status: 429 }],
  ] as const;
  for (const [what, behaviour] of fallsBack) {
    it(`shows the quoted answer instead after ${what}, saying why`, async () => {
      fake.behave(() => behaviour);
      const bot = await botWith();
      const reply = await runCommand('ask', { question: QUESTION }, contextFor(bot));
      expect(reply).toMatchObject({ kind: 'answer', fallback: { reason: 'failed' } });
      expect(plainText(noteOf(reply))).toBe(
        'The language model did not answer, so these sentences are quoted from the abstracts.',
      );
    });
  }

  it('gives up on a model that hangs after the timeout, streaming or not', async () => {
    fake.behave(() => ({ hang: true }));
    const bot = await botWith({ timeoutMs: 300 });
    const started = Date.now();
    const quiet = await runCommand('ask', { question: QUESTION }, contextFor(bot));
    const streamed = await runCommand('ask', { question: QUESTION }, { ...contextFor(bot), progress: () => {} });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(quiet).toMatchObject({ kind: 'answer', fallback: { reason: 'failed' } });
    expect(streamed).toMatchObject({ kind: 'answer', fallback: { reason: 'failed' } });
  });

  it('gives up on a stream that stalls halfway, keeping nothing of it', async () => {
    fake.behave((request) => {
      const n = fake.titlesIn(request).findIndex((t) => t.startsWith('StudioGAN')) + 1;
      return { answer: `StudioGAN supports seven GAN architectures [${n}]. More follows.`, piece: 20, gapMs: 250 };
    });
    const bot = await botWith({ timeoutMs: 400 });
    const reply = await runCommand('ask', { question: QUESTION }, { ...contextFor(bot), progress: () => {} });
    expect(reply).toMatchObject({ kind: 'answer', fallback: { reason: 'failed' } });
  });

  it('limits calls per channel, answering from the abstracts with a note once the allowance is used', async () => {
    fake.behave((request) => ({ answer: `An answer [${fake.titlesIn(request).length}].` }));
    const bot = await botWith({ callsPerMinute: 2 });
    const here = contextFor(bot, { channel: { platform: 'slack', id: 'C1' } });
    const elsewhere = contextFor(bot, { channel: { platform: 'slack', id: 'C2' } });
    const before = fake.requests.length;
    expect((await runCommand('ask', { question: QUESTION }, here)).kind).toBe('written-answer');
    expect((await runCommand('ask', { question: QUESTION }, here)).kind).toBe('written-answer');
    const third = await runCommand('ask', { question: QUESTION }, here);
    expect(third).toMatchObject({ kind: 'answer', fallback: { reason: 'busy' } });
    expect(plainText(noteOf(third))).toMatch(
      /^This channel has had its written answers for now \(more in \d+ s\), so these sentences are quoted/,
    );
    expect((await runCommand('ask', { question: QUESTION }, elsewhere)).kind).toBe('written-answer');
    expect(fake.requests.length - before).toBe(3);
  });

  it('answers a question about one paper from that paper alone', async () => {
    fake.behave(() => ({ answer: 'It supports seven architectures [1]. Other papers say otherwise [2].' }));
    const bot = await botWith();
    const studio = paperTitled('StudioGAN');
    const reply = await runCommand(
      'ask-paper',
      { paper: studio.id, question: 'what does it support?' },
      contextFor(bot),
    );
    expect(fake.titlesIn(fake.requests.at(-1)!)).toEqual([studio.title]);
    expect(reply.kind === 'written-answer' && reply.sentences.map((s) => [s.text, s.papers[0]!.id])).toEqual([
      ['It supports seven architectures.', studio.id],
    ]);
  });
});

describe('asking about one paper without a model', () => {
  it('quotes the sentences of its abstract that answer the question', async () => {
    const bot = await testBot();
    const studio = paperTitled('StudioGAN');
    const reply = await runCommand(
      'ask-paper',
      { paper: studio.id, question: 'How many GAN architectures?' },
      contextFor(bot),
    );
    expect(reply.kind).toBe('answer');
    if (reply.kind !== 'answer') return;
    expect(reply.citations.every((c) => c.paper.id === studio.id)).toBe(true);
    expect(reply.citations[0]!.text).toMatch(/7 GAN architectures/);
  });

  it('says so when the abstract shares nothing with the question, and when the paper is gone', async () => {
    const bot = await testBot();
    const studio = paperTitled('StudioGAN');
    const none = await runCommand('ask-paper', { paper: studio.id, question: 'zebra xylophone?' }, contextFor(bot));
    expect(none.kind).toBe('notice');
    const gone = await runCommand('ask-paper', { paper: 'no-such-paper', question: 'what?' }, contextFor(bot));
    expect(gone.kind).toBe('error');
  });
});

describe('citations', () => {
  const papers = seeds().papers.slice(0, 3);
  it('reads markers before and after the full stop, lists and ranges, and tidies the sentence', () => {
    const checked = checkCitations('- **First** claim [1]. Second claim. [2, 3]\nThird [1-3]. Fourth [2; 9].', papers);
    expect(checked.sentences.map((s) => [s.text, s.papers.map((p) => papers.indexOf(p) + 1)])).toEqual([
      ['First claim.', [1]],
      ['Second claim.', [2, 3]],
      ['Third.', [1, 2, 3]],
      ['Fourth.', [2]],
    ]);
    expect(checked.foreign).toEqual([9]);
    expect(checked.dropped).toBe(0);
  });
});

describe('showing an answer as it grows', () => {
  it('shows at most one version per interval, always the latest, and never two at once', async () => {
    const shown: number[] = [];
    let busy = 0;
    let overlapped = false;
    const live = liveReply(async (reply) => {
      if (busy++) overlapped = true;
      shown.push(reply.kind === 'notice' ? Number(reply.text[0]) : -1);
      await new Promise((resolve) => setTimeout(resolve, 30));
      busy--;
    }, 200);
    const started = Date.now();
    for (let i = 1; i <= 20; i++) {
      live.push({ kind: 'notice', text: [String(i)] });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await live.settle()).toBe(true);
    const elapsed = Date.now() - started;
    expect(overlapped).toBe(false);
    expect(shown[0]).toBe(1);
    expect(shown.length).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 1);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
  });

  it('refills a channel allowance evenly over the minute', () => {
    let now = 0;
    const limit = perMinuteLimit(2, () => now);
    expect([limit.take('a'), limit.take('a')]).toEqual([0, 0]);
    expect(limit.take('a')).toBe(30_000);
    now = 30_000;
    expect(limit.take('a')).toBe(0);
    expect(limit.take('b')).toBe(0);
  });
});

describe('summaries written by the model', () => {
  it('summarizes one paper from its abstract alone, or falls back to the extractive summary', async () => {
    const fake2 = await startFakeLlm(() => ({ answer: 'It benchmarks GANs [1]. It is in PyTorch [2].' }));
    const llm = createLlm({ baseUrl: fake2.baseUrl, model: 'fake-model', timeoutMs: 2000, callsPerMinute: 1 });
    const bot = Object.assign(await testBot(), { llm });
    const studio = paperTitled('StudioGAN');
    const reply = await runCommand('summarize', { paper: studio.title }, contextFor(bot));
    expect(fake2.titlesIn(fake2.requests[0]!)).toEqual([studio.title]);
    expect(reply.kind === 'written-answer' && reply.sentences.map((s) => s.text)).toEqual(['It benchmarks GANs.']);
    expect((await runCommand('summarize', { paper: studio.title }, contextFor(bot))).kind).toBe('summary');
    await fake2.close();
  });
});
