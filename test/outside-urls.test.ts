import { describe, expect, it } from 'vitest';
import { plainStyle } from '../adapters/console/format.js';
import { renderReply as toConsole } from '../adapters/console/render.js';
import { renderReply as toSlack } from '../adapters/slack/render.js';
import { type Paper, PaperSchema } from '../src/core/paper.js';
import type { Reply } from '../src/core/reply.js';

// A feed's project page is outside text too: a hostile one tries to close Slack's link and ping the channel,
// or to drive the terminal that prints it.
const hostile: Paper = PaperSchema.parse({
  id: '2401.00001',
  title: 'A paper with a hostile project page',
  abstract: 'An abstract.',
  links: { project: ['https://x.io/><!channel>|'], code: ['https://x.io/\u001b[31mred'] },
  source: 'hf',
});

const reply: Reply = {
  kind: 'papers',
  heading: ['Papers for ', { untrusted: 'hostile' }],
  hits: [{ paper: hostile, score: 1, snippet: { text: 'An abstract.', marks: [] } }],
  page: 1,
  pageCount: 1,
  total: 1,
};

describe('links from outside', () => {
  it('never leave a live mention in Slack text', () => {
    const json = JSON.stringify(toSlack(reply));
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('%3C!channel%3E');
  });

  it('never reach the terminal as escape sequences', () => {
    expect(toConsole(reply, plainStyle)).not.toContain('\u001b');
  });
});
