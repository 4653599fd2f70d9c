import { describe, expect, it } from 'vitest';
import { escapeText } from '../adapters/slack/format.js';
import { LIMITS } from '../adapters/slack/limits.js';
import { renderReply } from '../adapters/slack/render.js';
import type { Paper } from '../src/core/paper.js';

const huge = (n: number) => 'Long words & <tags> here. '.repeat(Math.ceil(n / 26)).slice(0, n);
const paper = (i: number): Paper => ({
  id: `p${i}`,
  title: huge(2000),
  abstract: huge(20_000),
  authors: Array.from({ length: 500 }, (_, k) => `Author ${k}`),
  links: { code: ['https://github.com/a/b'] },
  source: 'file',
});

describe('Slack rendering', () => {
  it('keeps long papers, answers and notices within Block Kit limits', () => {
    const page = renderReply({
      kind: 'papers',
      heading: ['Papers for ', { untrusted: huge(300) }],
      page: 1,
      pageCount: 3,
      total: 15,
      hits: Array.from({ length: 5 }, (_, i) => ({
        paper: paper(i),
        score: 1,
        snippet: { text: huge(300), marks: [[0, 4]] },
      })),
      next: { command: 'paper', args: { query: huge(300), page: 2 } },
    });
    const answer = renderReply({
      kind: 'answer',
      question: huge(300),
      citations: [{ text: huge(9000), paper: paper(1) }],
    });
    const notice = renderReply({ kind: 'notice', text: [{ untrusted: huge(9000) }] });
    for (const message of [page, answer, notice]) {
      expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
      expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
      for (const block of message.blocks as {
        type: string;
        text?: { text: string };
        elements?: { text?: string }[];
      }[]) {
        if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        if (block.type === 'header') expect(block.text!.text.length).toBeLessThanOrEqual(LIMITS.headerText);
        for (const element of block.elements ?? [])
          if (typeof element.text === 'string') expect(element.text.length).toBeLessThanOrEqual(LIMITS.contextText);
        // A cut never leaves half an escape such as "&am".
        expect(JSON.stringify(block)).not.toMatch(/&(a|am|l|g)?…/);
      }
    }
  });

  it('escapes the three characters Slack reads as markup', () => {
    expect(escapeText('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });
});
