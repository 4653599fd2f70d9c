import { describe, expect, it } from 'vitest';
import { ansiStyle, plainStyle, terminalText } from '../adapters/console/format.js';
import { renderReply } from '../adapters/console/render.js';
import type { Paper } from '../src/core/paper.js';
import { snippetText } from '../src/core/present.js';

const paper: Paper = {
  id: 'p1',
  title: 'Evil\x1b[2J Title',
  abstract: 'Text.',
  links: { code: ['https://github.com/a/b'] },
  source: 'file',
};

describe('console rendering', () => {
  it('shows matched words in bold on a terminal and plainly when piped', () => {
    const snippet = {
      text: 'Virtual try-on of clothes.',
      marks: [
        [0, 7],
        [8, 14],
      ] as const,
    };
    expect(terminalText(snippetText(snippet), ansiStyle)).toBe(
      '\x1b[1mVirtual\x1b[22m \x1b[1mtry-on\x1b[22m of clothes.',
    );
    expect(terminalText(snippetText(snippet), plainStyle)).toBe('Virtual try-on of clothes.');
  });

  it('never prints terminal escape sequences that came with a paper or a query', () => {
    const out = renderReply(
      {
        kind: 'papers',
        heading: ['Papers for ', { untrusted: 'x\x1b]0;pwned\x07' }],
        hits: [{ paper, score: 1, snippet: { text: 'a\x1b[31mb', marks: [] } }],
        page: 1,
        pageCount: 1,
        total: 1,
      },
      plainStyle,
    );
    expect(out).not.toContain('\x1b');
    expect(out).not.toContain('\x07');
    expect(out).toContain('code: https://github.com/a/b');
  });

  it('numbers citations once per paper', () => {
    const out = renderReply(
      {
        kind: 'answer',
        question: 'q',
        citations: [
          { text: 'One.', paper },
          { text: 'Two.', paper },
        ],
      },
      plainStyle,
    );
    expect(out).toMatch(/^One\. \[1\]\nTwo\. \[1\]\n\n\[1\] Evil \[2J Title — https:\/\/github\.com\/a\/b/);
  });
});
