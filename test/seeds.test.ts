import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linksInText } from '../src/core/links.js';
import { paperIdFromTitle } from '../src/core/paper.js';
import { parseTrendingPage } from '../src/ingest/sources/seed-page.js';
import { paperTitled, seedFile, seeds } from './support/seeds.js';

describe('the bundled trending-papers page', () => {
  it('yields exactly 41 papers and no problems', () => {
    const result = parseTrendingPage(readFileSync(seedFile, 'utf8'));
    expect(result.problems).toEqual([]);
    expect(result.papers).toHaveLength(41);
  });

  it('starts with the first paper, not the page chrome', () => {
    const [first] = seeds().papers;
    expect(first?.title).toBe('Self-Distilled StyleGAN: Towards Generation from Internet Photos');
    expect(seeds().papers.map((p) => p.title)).not.toContain('Subscribe');
    expect(seeds().papers.at(-1)?.title).toBe(
      'When StyleGAN Meets Stable Diffusion: a W_+ Adapter for Personalized Image Generation',
    );
  });

  it('gives every paper a title, an abstract, a unique stable id, and invents no authors or dates', () => {
    const ids = seeds().papers.map((p) => p.id);
    expect(new Set(ids).size).toBe(41);
    for (const paper of seeds().papers) {
      expect(paper.abstract.length).toBeGreaterThan(200);
      expect(paper.id).toBe(paperIdFromTitle(paper.title));
      expect(paper.authors).toBeUndefined();
      expect(paper.published).toBeUndefined();
      expect(paper.arxivId).toBeUndefined();
      expect(paper.source).toBe('seed');
    }
  });

  it('turns URLs in abstracts into clean code and project links', () => {
    expect(paperTitled('StudioGAN').links.code).toEqual(['https://github.com/POSTECH-CVLab/PyTorch-StudioGAN']);
    expect(paperTitled('StyleCLIPDraw').links).toEqual({
      code: ['https://github.com/pschaldenbrand/StyleCLIPDraw'],
      project: [
        'https://replicate.com/pschaldenbrand/style-clip-draw',
        'https://www.kaggle.com/pittsburghskeet/drawings-with-style-evaluation-styleclipdraw',
      ],
    });
    expect(paperTitled('Synthesis of Batik').links.code).toEqual([
      'https://github.com/octadion/diffusion-stylegan2-ada-pytorch',
    ]);
    expect(paperTitled('Self-Distilled StyleGAN').links.project).toEqual([
      'https://self-distilled-stylegan.github.io/',
    ]);
    for (const paper of seeds().papers) {
      for (const url of [...(paper.links.code ?? []), ...(paper.links.project ?? [])])
        expect(url).not.toMatch(/[.,;:)\]]$/);
    }
  });
});

describe('the page parser', () => {
  const page = (...paragraphs: string[]) => paragraphs.join('\n\n');
  const abstract = 'We study a problem. It is hard, and we solve it well. Code: https://gitlab.com/a/b).';

  it('recognises the chrome wherever the page starts, whatever the date', () => {
    const result = parseTrendingPage(
      page(
        'Subscribe',
        'byAK and the research community',
        'Dec 3',
        'A Title',
        abstract,
        'new',
        'Second: Paper',
        abstract,
      ),
    );
    expect(result.papers.map((p) => p.title)).toEqual(['A Title', 'Second: Paper']);
    expect(result.papers[0]?.links.code).toEqual(['https://gitlab.com/a/b']);
  });

  it('reads a title with a question in it, and a one-sentence abstract', () => {
    const result = parseTrendingPage(
      page('Does CLIP Know My Face? Probing Face Recognition', 'We probe it.', 'Dec. 3 Networks: A Study', abstract),
    );
    expect(result.papers.map((p) => [p.title, p.abstract])).toEqual([
      ['Does CLIP Know My Face? Probing Face Recognition', 'We probe it.'],
      ['Dec. 3 Networks: A Study', abstract],
    ]);
  });

  it('reports a title without an abstract by line and keeps the other papers', () => {
    const result = parseTrendingPage(page('A Title', abstract, 'Orphan Title', 'Next Title', abstract));
    expect(result.papers.map((p) => p.title)).toEqual(['A Title', 'Next Title']);
    expect(result.problems).toEqual([{ line: 5, message: expect.stringContaining('Orphan Title') }]);
  });

  it('gives the same title the same id, and different titles different ids', () => {
    expect(paperIdFromTitle('HyperStyle: StyleGAN Inversion')).toBe(
      paperIdFromTitle('  hyperstyle — StyleGAN inversion '),
    );
    expect(paperIdFromTitle('HyperStyle: StyleGAN Inversion')).not.toBe(
      paperIdFromTitle('HyperStyle: StyleGAN Inversion 2'),
    );
  });
});

describe('links in text', () => {
  it('strips sentence punctuation and unbalanced brackets but keeps balanced ones', () => {
    expect(linksInText('see (https://github.com/a/b), and https://x.org/wiki/Foo_(bar).')).toEqual({
      code: ['https://github.com/a/b'],
      project: ['https://x.org/wiki/Foo_(bar)'],
    });
  });

  it('treats github.io pages as project pages and lists a repeated link once', () => {
    expect(linksInText('https://a.github.io/p and https://a.github.io/p.')).toEqual({
      project: ['https://a.github.io/p'],
    });
  });
});
