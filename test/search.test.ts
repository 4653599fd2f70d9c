import { describe, expect, it } from 'vitest';
import { buildIndex } from '../src/search/paper-index.js';
import { SNIPPET_MAX_LENGTH } from '../src/search/snippet.js';
import { paperTitled, seeds } from './support/seeds.js';

const titles = (query: string, limit = 5) =>
  seeds()
    .index.search(query, { limit })
    .hits.map((hit) => hit.paper.title);
const TRY_ON = ['TryOn-Adapter', 'LaDI-VTON', 'High-Fidelity Virtual Try-on'];
const isTryOn = (title: string) => TRY_ON.some((start) => title.startsWith(start));

describe('search on the seed papers', () => {
  it.each(['virtual try-on', 'try-on', 'tryon', 'try on', 'Virtual Try On', 'virtaul try-on', 'virtual try-o'])(
    'puts the three virtual try-on papers first for %j',
    (query) => {
      expect(titles(query, 3).filter(isTryOn)).toHaveLength(3);
    },
  );

  it('forgives typos: "stylgan inversoin" finds the StyleGAN inversion papers and says how it read the query', () => {
    const { hits, plan } = seeds().index.search('stylgan inversoin', { limit: 3 });
    expect(hits.map((h) => h.paper.title)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^HyperStyle/), expect.stringMatching(/StyleGAN Inversion/)]),
    );
    for (const hit of hits) expect(hit.paper.title + hit.paper.abstract).toMatch(/StyleGAN/);
    expect(Object.fromEntries(plan.corrections)).toEqual({ stylgan: 'stylegan', inversoin: 'inversion' });
  });

  it('reads a typo that some paper also made as the common word it likely is, keeping the rare spelling too', () => {
    const paper = (id: string, title: string) => ({
      id,
      title,
      abstract: 'About how language is modelled.',
      links: {},
      source: 'file' as const,
    });
    const index = buildIndex([
      ...Array.from({ length: 120 }, (_, i) => paper(`p${i}`, `Language study number ${i}`)),
      paper('known', 'Training Language Models Using Target-Propagation'),
      paper('typo', 'A Langauge for Robots'),
      paper('short', 'A stdy of robots'),
    ]);
    const { hits, plan } = index.search('training langauge models ', { limit: 3 });
    expect(Object.fromEntries(plan.corrections)).toEqual({ langauge: 'language' });
    expect(hits[0]?.paper.id).toBe('known');
    expect(index.search('langauge for robots', { limit: 1 }).hits[0]?.paper.id).toBe('typo');
    // Not for a word in many papers, nor for a short one.
    expect(index.search('language ').plan.corrections.size).toBe(0);
    expect(index.search('stdy ').plan.corrections.size).toBe(0);
  });

  it('ranks a question like its keywords', () => {
    const question = titles('how can I edit a real photo with StyleGAN?', 3);
    const keywords = titles('edit real photo StyleGAN', 3);
    expect(question).toEqual(keywords);
    expect(question.join('|')).toMatch(/Real Image Editing/);
  });

  it.each([
    ['HyperStyle', 'HyperStyle:'],
    ['LaDI-VTON', 'LaDI-VTON:'],
    ['ladi vton', 'LaDI-VTON:'],
    ['StudioGAN', 'StudioGAN:'],
    ['InstantStyle', 'InstantStyle:'],
    ['hairfastgan', 'HairFastGAN:'],
    ['TialorNet', 'TailorNet:'],
  ])('ranks the paper named %j first', (query, start) => {
    expect(titles(query, 1)[0]).toMatch(new RegExp(`^${start}`));
  });

  it('completes the last word while it is being typed', () => {
    expect(titles('fashion ima', 3).join('|')).toMatch(/Fashion Image/);
    expect(titles('hair trans', 1)[0]).toMatch(/^HairFastGAN/);
  });

  it('finds StyleGAN2 papers for "stylegan" and GAN-inversion papers for a name inside a word', () => {
    expect(titles('stylegan2', 10).join('|')).toMatch(/Batik/);
    expect(titles('gan inversion', 5).join('|')).toMatch(/HyperStyle/);
  });

  it('returns nothing for stop words, gibberish or an empty query', () => {
    for (const query of ['', '   ', 'the of and', 'qqqxxzz', '🙂']) expect(seeds().index.search(query).total).toBe(0);
  });

  it('gives each hit a snippet: the best matching abstract sentence, short, with the query words marked', () => {
    const [hit] = seeds().index.search('How many GAN architectures', { limit: 1 }).hits;
    expect(hit?.paper.title).toMatch(/^StudioGAN/);
    expect(hit?.snippet.text).toMatch(/7 GAN architectures/);
    const marked = hit!.snippet.marks.map(([s, e]) => hit!.snippet.text.slice(s, e).toLowerCase());
    expect(marked).toEqual(expect.arrayContaining(['gan', 'architectures']));
    for (const h of seeds().index.search('style transfer diffusion', { limit: 50 }).hits) {
      expect(h.snippet.text.length).toBeLessThanOrEqual(SNIPPET_MAX_LENGTH);
      for (const [s, e] of h.snippet.marks) expect(e).toBeGreaterThan(s);
    }
  });

  it('cuts a long sentence around its matches with an ellipsis', () => {
    const long = `${'Lorem ipsum dolor sit amet. '.repeat(2)}${'filler words go here '.repeat(30)}the zebra crossing appears${' more filler text'.repeat(20)}.`;
    const index = buildIndex([
      { id: 'z', title: 'Z', abstract: long.replace(/\. /g, ', '), links: {}, source: 'file' },
    ]);
    const { snippet } = index.search('zebra').hits[0]!;
    expect(snippet.text.length).toBeLessThanOrEqual(SNIPPET_MAX_LENGTH);
    expect(snippet.text).toMatch(/^….*…$/);
    expect(snippet.marks.map(([s, e]) => snippet.text.slice(s, e))).toEqual(['zebra']);
  });

  it('pages in fives with a stable order, and ties break the same way every time', () => {
    const all = seeds().index.search('style', { limit: 50 });
    const page2 = seeds().index.search('style', { offset: 5, limit: 5 });
    expect(page2.hits.map((h) => h.paper.id)).toEqual(all.hits.slice(5, 10).map((h) => h.paper.id));
    const twins = buildIndex([
      { id: 'b', title: 'Same words', abstract: 'Identical text.', links: {}, source: 'file' },
      { id: 'a', title: 'Same words', abstract: 'Identical text.', links: {}, source: 'file' },
    ]);
    expect(twins.search('same words').hits.map((h) => h.paper.id)).toEqual(['a', 'b']);
  });

  it('boosts the title over the abstract', () => {
    const index = buildIndex([
      {
        id: 'abstract',
        title: 'Something else',
        abstract: 'This is about quantum knitting among other things.',
        links: {},
        source: 'file',
      },
      {
        id: 'title',
        title: 'Quantum knitting',
        abstract: 'This is about other things entirely.',
        links: {},
        source: 'file',
      },
    ]);
    expect(index.search('quantum knitting').hits[0]?.paper.id).toBe('title');
  });

  it('matches authors', () => {
    const index = buildIndex([
      { id: 'x', title: 'A study', abstract: 'Text.', authors: ['Donald E. Knuth'], links: {}, source: 'file' },
      { id: 'y', title: 'Another study', abstract: 'Text.', authors: ['Grace Hopper'], links: {}, source: 'file' },
    ]);
    expect(index.search('knuth').hits.map((h) => h.paper.id)).toEqual(['x']);
  });

  it('builds the index once and looks papers up by id', () => {
    const paper = paperTitled('HyperStyle');
    expect(seeds().index.get(paper.id)).toBe(paper);
    expect(seeds().index.size).toBe(41);
  });
});
