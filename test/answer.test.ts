import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answer } from '../src/answer.js';
import { seeds } from './support/seeds.js';

const Pairs = z.object({
  answerable: z.array(z.object({ question: z.string(), paper: z.string(), mustContain: z.string() })),
  unanswerable: z.array(z.string()),
});
const pairs = Pairs.parse(JSON.parse(readFileSync(new URL('./fixtures/ask-pairs.json', import.meta.url), 'utf8')));

const answers = (question: string, mustContain: string, paper: string) => {
  const result = answer(seeds().index, question);
  return result.found && result.sentences.some((s) => s.text.includes(mustContain) && s.paper.title === paper);
};

describe('ask', () => {
  it('answers the StudioGAN question with the "7 GAN architectures" sentence first, citing StudioGAN', () => {
    const result = answer(seeds().index, 'How many GAN architectures does StudioGAN support?');
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.sentences[0]?.text).toContain('7 GAN architectures');
    expect(result.sentences[0]?.paper.title).toMatch(/^StudioGAN/);
    expect(result.sentences[0]?.paper.links.code).toEqual(['https://github.com/POSTECH-CVLab/PyTorch-StudioGAN']);
  });

  it('replies with one to three sentences, each quoted from the abstract of the paper it cites', () => {
    for (const { question } of pairs.answerable) {
      const result = answer(seeds().index, question);
      if (!result.found) continue;
      expect(result.sentences.length).toBeGreaterThanOrEqual(1);
      expect(result.sentences.length).toBeLessThanOrEqual(3);
      for (const s of result.sentences) expect(s.paper.abstract).toContain(s.text);
    }
  });

  // Each pair is checked on its own, so a regression names the question it broke.
  const expectedToPass = pairs.answerable.filter((p) => answers(p.question, p.mustContain, p.paper));
  it('answers at least 75% of the judged questions with the right sentence and paper', () => {
    expect(pairs.answerable.length).toBeGreaterThanOrEqual(10);
    expect(expectedToPass.length / pairs.answerable.length).toBeGreaterThanOrEqual(0.75);
  });

  it.each(pairs.unanswerable)('says it has no answer to %j instead of quoting a stray sentence', (question) => {
    const result = answer(seeds().index, question);
    expect(result.found).toBe(false);
  });

  it('offers the closest papers when a question is on topic but no sentence answers it', () => {
    const result = answer(seeds().index, 'Which virtual try-on method works best on cartoon characters in space?');
    if (result.found) return expect(result.sentences[0]?.paper.title).toMatch(/Try-?On/i);
    expect(result.closest.map((h) => h.paper.title).join('|')).toMatch(/Try-?On/i);
  });
});
