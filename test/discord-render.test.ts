import { describe, expect, it } from 'vitest';
import { escapeText } from '../adapters/discord/escape.js';
import { LIMITS } from '../adapters/discord/limits.js';
import { renderReply } from '../adapters/discord/render.js';
import type { Paper } from '../src/core/paper.js';
import type { Reply } from '../src/core/reply.js';

const encode = async () => 'pb|paper|2|x';
const huge = (n: number) => 'Long words here. '.repeat(Math.ceil(n / 17)).slice(0, n);

const paper = (i: number): Paper => ({
  id: `p${i}`,
  title: `${'A very long title about style transfer '.repeat(12)}${i}`,
  abstract: huge(20_000),
  authors: Array.from({ length: 400 }, (_, k) => `Author Number ${k}`),
  published: '2024-03-14',
  links: { code: ['https://github.com/a/b'] },
  source: 'file',
});

describe('Discord rendering', () => {
  it('keeps a page of long papers within every Discord limit', async () => {
    const reply: Reply = {
      kind: 'papers',
      heading: ['Papers for ', { untrusted: 'q'.repeat(300) }],
      hits: Array.from({ length: 5 }, (_, i) => ({
        paper: paper(i),
        score: 1,
        snippet: { text: huge(300), marks: [[0, 4]] },
      })),
      page: 1,
      pageCount: 2,
      total: 10,
      next: { command: 'paper', args: { query: 'x', page: 2 } },
    };
    const message = await renderReply(reply, encode);
    expect(message.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(message.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
    let total = 0;
    for (const embed of message.embeds) {
      expect(embed.title!.length).toBeLessThanOrEqual(LIMITS.title);
      expect(embed.title!.endsWith('…')).toBe(true);
      expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.description);
      for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(LIMITS.field);
      total +=
        embed.title!.length +
        embed.description!.length +
        (embed.footer?.text.length ?? 0) +
        (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    }
    expect(total).toBeLessThanOrEqual(LIMITS.perMessage);
    expect(message.allowedMentions).toEqual({ parse: [] });
  });

  it('keeps a long answer and a long notice within the limits', async () => {
    const answer = await renderReply(
      { kind: 'answer', question: huge(300), citations: [{ text: huge(5000), paper: paper(1) }] },
      encode,
    );
    expect(answer.embeds[0]!.description!.length).toBeLessThanOrEqual(LIMITS.description);
    const notice = await renderReply({ kind: 'notice', text: [{ untrusted: huge(5000) }] }, encode);
    expect(notice.content.length).toBeLessThanOrEqual(LIMITS.content);
  });

  it('escapes mentions, markdown and masked links in outside text', () => {
    expect(escapeText('@everyone')).toBe('@\u200beveryone');
    expect(escapeText('<@123> <#9> <@&5>')).toBe('<\u200b@\u200b123> <\u200b#9> <\u200b@\u200b&5>');
    expect(escapeText('**x** _y_ `z` [a](http://b)')).toBe('\\*\\*x\\*\\* \\_y\\_ \\`z\\` \\[a](http://b)');
    expect(escapeText('# heading')).toBe('\\# heading');
  });
});
