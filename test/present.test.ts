import { describe, expect, it } from 'vitest';
import { plainText, type Text } from '../src/core/card.js';
import type { Paper } from '../src/core/paper.js';
import { present } from '../src/core/present.js';

const paper = (id: string, links: Paper['links']): Paper => ({
  id,
  title: `Title ${id}`,
  abstract: 'A.',
  links,
  source: 'file',
});
const a = paper('a', { abstract: 'https://arxiv.org/abs/2401.00001', pdf: 'https://arxiv.org/pdf/2401.00001' });
const b = paper('b', { code: ['https://github.com/b/b'], project: ['https://b.example/'] });
const search = { command: 'paper', args: { query: 'q', page: 1 } };

describe('present', () => {
  it('words a page of papers: heading, page status, corrected query, numbered from the page it is on', () => {
    const message = present({
      kind: 'papers',
      heading: ['Papers for ', { untrusted: 'q' }],
      correctedQuery: 'qq',
      hits: [{ paper: b, score: 1, snippet: { text: 'x', marks: [] } }],
      page: 2,
      pageCount: 2,
      total: 6,
      prev: search,
    });
    expect(plainText(message.title!)).toBe('Papers for “q”');
    expect(message.subtitle.map(plainText)).toEqual(['page 2 of 2 (6 papers)']);
    expect(message.elements.map((e) => (e.kind === 'text' ? plainText(e.text) : ''))).toEqual([
      'Showing results for “qq”.',
    ]);
    expect(message.cards[0]!.position).toBe(6);
    expect(message.paging).toMatchObject({
      page: 2,
      pageCount: 2,
      prev: { label: '◀ Prev', action: search },
      next: { label: 'Next ▶' },
    });
    expect(message.paging!.next.action).toBeUndefined();
    expect(message.private).toBe(false);
  });

  it('gives a paper the links it has, labelled, and a title linking to its own page, else its code', () => {
    const [withPage] = present({
      kind: 'papers',
      heading: [],
      hits: [{ paper: a, score: 1, snippet: { text: '', marks: [] } }],
      page: 1,
      pageCount: 1,
      total: 1,
    }).cards;
    expect(withPage!.url).toBe('https://arxiv.org/abs/2401.00001');
    expect(withPage!.elements.find((e) => e.kind === 'links')).toEqual({
      kind: 'links',
      links: [
        { label: 'arXiv', url: 'https://arxiv.org/abs/2401.00001' },
        { label: 'PDF', url: 'https://arxiv.org/pdf/2401.00001' },
      ],
    });
    const [withCode] = present({
      kind: 'papers',
      heading: [],
      hits: [{ paper: b, score: 1, snippet: { text: '', marks: [] } }],
      page: 1,
      pageCount: 1,
      total: 1,
    }).cards;
    expect(withCode!.url).toBe('https://github.com/b/b');
    expect(withCode!.elements.find((e) => e.kind === 'links')).toMatchObject({
      links: [{ label: 'Code' }, { label: 'Project page' }],
    });
  });

  it('marks matched words bold and keeps every piece of a snippet outside text', () => {
    const [card] = present({
      kind: 'papers',
      heading: [],
      hits: [
        {
          paper: a,
          score: 1,
          snippet: {
            text: 'try on it',
            marks: [
              [0, 3],
              [4, 6],
            ],
          },
        },
      ],
      page: 1,
      pageCount: 1,
      total: 1,
    }).cards;
    const text = card!.elements.find((e) => e.kind === 'text')!;
    expect(text.kind === 'text' && text.text).toEqual([
      { text: 'try', untrusted: true, strong: true },
      { text: ' ', untrusted: true },
      { text: 'on', untrusted: true, strong: true },
      { text: ' it', untrusted: true },
    ]);
  });

  it('numbers each cited paper once, in the order first cited', () => {
    const message = present({
      kind: 'answer',
      question: 'why',
      citations: [
        { text: 'One.', paper: b },
        { text: 'Two.', paper: a },
        { text: 'Three.', paper: b },
      ],
    });
    expect(plainText(message.echo!)).toBe('Answer to “why”');
    const [text, sources] = message.cards[0]!.elements;
    expect(text!.kind === 'text' && plainText(text!.text)).toBe('One. [1]\nTwo. [2]\nThree. [1]');
    expect(sources!.kind === 'sources' && sources!.sources.map((s) => [s.number, plainText(s.title), s.url])).toEqual([
      [1, 'Title b', 'https://github.com/b/b'],
      [2, 'Title a', 'https://arxiv.org/abs/2401.00001'],
    ]);
  });

  it('says when nothing answers, with the closest papers or a hint', () => {
    const lines = (texts: readonly { kind: string; text?: Text }[]) =>
      texts.flatMap((e) => (e.text ? [plainText(e.text)] : [e.kind]));
    expect(lines(present({ kind: 'no-answer', question: 'why', closest: [a] }).elements)).toEqual([
      'I could not find an answer to “why” in the abstracts.',
      'The closest papers:',
      'sources',
    ]);
    expect(lines(present({ kind: 'no-answer', question: 'why', closest: [] }).elements)).toEqual([
      'I could not find an answer to “why” in the abstracts.',
      'No paper comes close either; try /paper with a few keywords.',
    ]);
  });

  it('posts the daily paper with why it was chosen and its three buttons, without a made-up search hit', () => {
    const more = { command: 'similar', args: { paper: 'a' } };
    const message = present({
      kind: 'daily',
      paper: a,
      topic: 'gans',
      archive: true,
      abstract: 'Short.',
      more,
      up: { command: 'feedback', args: { paper: 'a', vote: 'up' } },
      down: { command: 'feedback', args: { paper: 'a', vote: 'down' } },
    });
    expect(plainText(message.title!)).toBe("📄 Today's paper");
    expect(message.subtitle.map(plainText)).toEqual(['Because you follow “gans”', 'from the archive']);
    expect(message.cards[0]!.elements.find((e) => e.kind === 'text')).toEqual({
      kind: 'text',
      text: [{ text: 'Short.', untrusted: true }],
    });
    expect(message.buttons.map((b) => [b.label, b.style, b.action?.command])).toEqual([
      ['More like this', 'primary', 'similar'],
      ['👍', 'secondary', 'feedback'],
      ['👎', 'secondary', 'feedback'],
    ]);
  });

  it('keeps errors and help to the asker, an error with its usage', () => {
    const usage = { name: 'ask', arguments: ['question'], usage: '/paper ask <question>' };
    const error = present({ kind: 'error', text: ['Tell me the question.'], usage });
    expect(error.private).toBe(true);
    expect(error.elements).toEqual([
      { kind: 'text', text: ['Tell me the question.'], warning: true },
      { kind: 'text', text: ['Usage: ', { command: usage }] },
    ]);
    const help = present({
      kind: 'help',
      commands: [{ ...usage, description: 'Ask.' }],
      intro: ['Unknown ', { untrusted: 'x' }],
    });
    expect(help.private).toBe(true);
    expect(help.elements).toEqual([
      { kind: 'text', text: ['Unknown ', '“', { text: 'x', untrusted: true }, '”'], warning: true },
    ]);
    expect(plainText(help.cards[0]!.title!)).toBe('paperbot commands');
  });

  it('keeps a notice public unless it says otherwise', () => {
    expect(present({ kind: 'notice', text: ['Done.'] }).private).toBe(false);
    expect(present({ kind: 'notice', text: ['Done.'], private: true }).private).toBe(true);
  });
});
