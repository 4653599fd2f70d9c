import { describe, expect, it } from 'vitest';
import { runLine } from '../src/commands/dispatch.js';
import type { Message } from '../src/core/card.js';
import { present } from '../src/core/present.js';
import { tldr } from '../src/search/tldr.js';
import { contextFor, testBot } from './support/bot.js';
import { paperTitled } from './support/seeds.js';

const run = async (line: string) => runLine(line, contextFor(await testBot()));
const words = (message: Message) => JSON.stringify(message);

describe('/paper summarize', () => {
  it('picks the problem, method and result sentences of an abstract by their cues', () => {
    expect(tldr(paperTitled('HyperStyle').abstract)).toEqual({
      problem: expect.stringMatching(
        /^Nevertheless, applying existing approaches to real-world scenarios remains an open challenge/,
      ),
      method: expect.stringMatching(/^We propose HyperStyle, a hypernetwork/),
      result: expect.stringMatching(/^Lastly, we demonstrate HyperStyle's effectiveness/),
    });
  });

  it('summarizes a paper named by title, with its TL;DR and links', async () => {
    const reply = await run('/paper summarize LaDI-VTON');
    expect(reply).toMatchObject({ kind: 'summary', paper: { title: expect.stringMatching(/^LaDI-VTON/) } });
    const message = present(reply);
    for (const part of ['TL;DR', 'Problem: ', 'Method: ', 'Result: ', 'https://github.com/miccunifi/ladi-vton'])
      expect(words(message)).toContain(part);
  });

  it("shows Hugging Face's AI summary when the paper has one", () => {
    const paper = { ...paperTitled('HyperStyle'), aiSummary: 'HyperStyle inverts real images quickly.' };
    const message = present({ kind: 'summary', paper, tldr: tldr(paper.abstract) });
    expect(words(message)).toContain('AI summary (Hugging Face): ');
    expect(words(message)).toContain('HyperStyle inverts real images quickly.');
  });

  it('says so when no paper matches', async () => {
    expect(await run('/paper summarize qqqxxzz')).toMatchObject({ kind: 'error' });
  });
});
