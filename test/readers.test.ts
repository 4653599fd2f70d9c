import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readArxivAtom } from '../src/ingest/sources/arxiv-atom.js';
import { readArxivRss } from '../src/ingest/sources/arxiv-rss.js';
import { readHfDailyPapers } from '../src/ingest/sources/hf-daily.js';
import { FeedError, type ReadResult } from '../src/ingest/sources/read-result.js';
import { sniffFormat } from '../src/ingest/sources/sniff.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/captured/${name}`, import.meta.url), 'utf8');

const HTML_ERROR_PAGE =
  '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>503 Service Unavailable</title></head><body>Try later</body></html>';

const paperOf = (result: ReadResult, id: string) => result.entries.find((entry) => entry.paper.id === id)?.paper;

describe('readArxivAtom on the current API layout', () => {
  const result = readArxivAtom(fixture('arxiv-api-query.atom.xml'));

  it('reads all 10 entries as papers that may be added', () => {
    expect(result.rejected).toEqual([]);
    expect(result.entries).toHaveLength(10);
    expect(result.entries.every((entry) => !entry.updateOnly)).toBe(true);
  });

  it('reads every field of an entry, ids and links without the version', () => {
    const paper = result.entries[0]!.paper;
    expect(paper).toEqual({
      id: '2202.12139',
      arxivId: '2202.12139',
      version: 1,
      title: 'Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques',
      abstract: expect.stringMatching(
        /^Deep Learning \(DL\) has revolutionized the capabilities of vision-based systems .* and discuss its results\.$/,
      ),
      authors: ['Mohit Kumar Ahuja', 'Arnaud Gotlieb', 'Helge Spieker'],
      published: '2022-02-24',
      updated: '2022-02-24',
      categories: ['cs.SE', 'cs.LG'],
      links: { abstract: 'https://arxiv.org/abs/2202.12139', pdf: 'https://arxiv.org/pdf/2202.12139' },
      doi: '10.1109/ICSTW55395.2022.00035',
      journal:
        'Artificial Intelligence in Software Testing @ 2022 IEEE International Conference on Software Testing, Verification and Validation Workshops (ICSTW)',
      source: 'arxiv',
    });
  });

  it('keeps first publication and latest version apart, lists the primary category first, decodes entities', () => {
    const paper = paperOf(result, '2005.14124')!;
    expect(paper.version).toBe(2);
    expect(paper.published).toBe('2020-05-28');
    expect(paper.updated).toBe('2020-07-16');
    expect(paper.categories).toEqual(['cs.SE', 'cs.CR', 'cs.LG']);
    expect(paper.authors?.slice(0, 3)).toEqual(['Yuqi Chen', 'Bohan Xuan', 'Christopher M. Poskitt']);
    expect(paperOf(result, '2302.03287')?.title).toBe('ChatGPT and Software Testing Education: Promises & Perils');
    expect(paperOf(result, '2405.13786')?.authors?.[0]).toBe('Aurora Ramírez');
  });

  it('takes code and project links from the abstract and the comment', () => {
    const xml = fixture('arxiv-api-query.atom.xml').replace(
      '<arxiv:comment>Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022</arxiv:comment>',
      '<arxiv:comment>Code: https://github.com/example/dl-testing. Demo at https://example.org/dl-testing/.</arxiv:comment>',
    );
    expect(readArxivAtom(xml).entries[0]!.paper.links).toEqual({
      abstract: 'https://arxiv.org/abs/2202.12139',
      pdf: 'https://arxiv.org/pdf/2202.12139',
      code: ['https://github.com/example/dl-testing'],
      project: ['https://example.org/dl-testing/'],
    });
  });

  it('rejects an entry without a title or id, naming the entry, and keeps the others', () => {
    const xml = fixture('arxiv-api-query.atom.xml')
      .replace('<title>Towards Explainable Test Case Prioritisation with Learning-to-Rank Models</title>', '')
      .replace('<id>http://arxiv.org/abs/2005.14124v2</id>', '');
    const broken = readArxivAtom(xml);
    expect(broken.entries).toHaveLength(8);
    expect(broken.rejected).toEqual([
      { where: 'entry 2', reason: expect.stringContaining('no title') },
      { where: 'entry 3', reason: expect.stringContaining('no id') },
    ]);
  });
});

describe('readArxivAtom on the legacy (2016) layout', () => {
  const result = readArxivAtom(fixture('arxiv-api-query-legacy-2016.atom.xml'));

  it('reads all 10 entries', () => {
    expect(result.rejected).toEqual([]);
    expect(result.entries.map((entry) => entry.paper.id)).toEqual([
      '1201.4869',
      'cond-mat/0412498',
      'cond-mat/0603029',
      '1005.5383',
      '1303.6954',
      '1312.6177',
      '1412.6529',
      'cond-mat/0607501',
      'cond-mat/0702661',
      '0807.2873',
    ]);
  });

  it('reads old-style ids and collapses titles and abstracts wrapped over lines', () => {
    const paper = paperOf(result, 'cond-mat/0603029')!;
    expect(paper.arxivId).toBe('cond-mat/0603029');
    expect(paper.version).toBe(1);
    expect(paper.title).toBe(
      'From stripe to checkerboard order on the square lattice in the presence of quenched disorder',
    );
    expect(paper.abstract).toMatch(
      /^We discuss the effects of quenched disorder on a model of charge density wave \(CDW\) ordering on the square lattice\. Our model/,
    );
    expect(paper.abstract).toMatch(/scanning tunneling microscopy experiments\.$/);
    expect(paper.abstract).not.toMatch(/\s{2}|\n/);
    expect(paper.authors).toEqual(['Adrian Del Maestro', 'Bernd Rosenow', 'Subir Sachdev']);
    expect(paper.published).toBe('2006-03-02');
    expect(paper.categories).toEqual(['cond-mat.str-el', 'cond-mat.supr-con']);
    expect(paper.links).toEqual({
      abstract: 'https://arxiv.org/abs/cond-mat/0603029',
      pdf: 'https://arxiv.org/pdf/cond-mat/0603029',
    });
  });

  it('decodes entities in a wrapped abstract and reads later versions', () => {
    expect(paperOf(result, 'cond-mat/0412498')?.abstract).toContain('on the square lattice (p >= 3, integer).');
    const paper = paperOf(result, '1303.6954')!;
    expect(paper.version).toBe(2);
    expect(paper.published).toBe('2013-03-27');
    expect(paper.updated).toBe('2013-09-03');
    expect(paper.authors).toEqual(['B. Kulchytskyy', 'G. Gervais', 'A. Del Maestro']);
  });
});

describe('readArxivAtom on what is not a list of papers', () => {
  it("throws arXiv's own message for its error feed", () => {
    expect(() => readArxivAtom(fixture('arxiv-api-error-400.atom.xml'))).toThrow(FeedError);
    expect(() => readArxivAtom(fixture('arxiv-api-error-400.atom.xml'))).toThrow(
      'arXiv API error: incorrect id format for abc',
    );
  });

  it('reads an empty result as no papers, not an error', () => {
    expect(readArxivAtom(fixture('arxiv-api-empty.atom.xml'))).toEqual({ entries: [], rejected: [] });
  });

  it('says so for an HTML page, a truncated download, plain text, an empty body and another feed', () => {
    expect(() => readArxivAtom(HTML_ERROR_PAGE)).toThrow(
      new FeedError('got an HTML page ("503 Service Unavailable") instead of the arXiv Atom feed'),
    );
    expect(() => readArxivAtom(fixture('arxiv-api-query.atom.xml').slice(0, 5000))).toThrow(
      new FeedError('the arXiv Atom feed is truncated: it ends before </feed>'),
    );
    expect(() => readArxivAtom('Rate exceeded.')).toThrow(/not well-formed XML.*line 1/);
    expect(() => readArxivAtom('')).toThrow(FeedError);
    expect(() => readArxivAtom(fixture('arxiv-rss-empty.xml'))).toThrow(
      /expected the arXiv Atom feed \(<feed>\), got <rss>/,
    );
  });
});

describe('readArxivRss', () => {
  const result = readArxivRss(fixture('arxiv-rss.xml'));

  it('reads 9 papers that may be added (new, cross) and 4 that only update (replace)', () => {
    expect(result.rejected).toEqual([]);
    expect(result.entries.filter((entry) => !entry.updateOnly)).toHaveLength(9);
    expect(result.entries.filter((entry) => entry.updateOnly).map((entry) => entry.paper.id)).toEqual([
      '2307.07439',
      '2307.10544',
      '2403.20287',
      '2407.04127',
    ]);
  });

  it('reads every field of a new item, the abstract without the announcement prefix', () => {
    expect(result.entries[0]).toEqual({
      updateOnly: false,
      paper: {
        id: '2411.17735',
        arxivId: '2411.17735',
        version: 1,
        title: 'SnapMem: Snapshot-based 3D Scene Memory for Embodied Exploration and Reasoning',
        abstract: expect.stringMatching(
          /^Constructing compact and informative 3D scene representations .* applications in embodied AI\.$/,
        ),
        authors: ['Yuncong Yang', 'Han Yang', 'Jiachen Zhou', 'Peihao Chen', 'Hongxin Zhang', 'Yilun Du', 'Chuang Gan'],
        published: '2024-11-28',
        categories: ['cs.CV', 'cs.RO'],
        links: { abstract: 'https://arxiv.org/abs/2411.17735', pdf: 'https://arxiv.org/pdf/2411.17735' },
        source: 'arxiv',
      },
    });
  });

  it('dates a later version by its announcement as the update, not as first publication', () => {
    const replaced = paperOf(result, '2307.07439')!;
    expect(replaced.version).toBe(5);
    expect(replaced.updated).toBe('2024-11-28');
    expect(replaced.published).toBeUndefined();
    expect(replaced.categories).toEqual(['eess.IV', 'cs.CV', 'cs.LG']);
    const crossListed = result.entries.find((entry) => entry.paper.id === '2202.06515')!;
    expect(crossListed.updateOnly).toBe(false);
    expect(crossListed.paper.published).toBeUndefined();
    expect(crossListed.paper.updated).toBe('2024-11-28');
    expect(crossListed.paper.authors).toEqual(['Zhijie Xu']);
  });

  it('decodes entities in titles and abstracts and keeps LaTeX as written', () => {
    expect(paperOf(result, '2411.17792')?.title).toBe('$H^3$Fusion: Helpful, Harmless, Honest Fusion of Aligned LLMs');
    expect(paperOf(result, '2307.10544')?.title).toBe('Design & Optimization of the HV divider for JUNO 20-inch PMT');
    expect(paperOf(result, '2411.18380')?.title).toBe(
      'SoK: Privacy Personalised -- Mapping Personal Attributes \\& Preferences of Privacy Mechanisms for Shoulder Surfing',
    );
    expect(paperOf(result, '2411.18388')?.abstract).toContain('all nxn convolution kernels with n>1 are pre-defined');
    expect(result.entries.every((entry) => !entry.paper.abstract.includes('Announce Type'))).toBe(true);
  });

  it('splits an author list that ends with "and"', () => {
    const xml = fixture('arxiv-rss.xml').replace(
      '<dc:creator>Zhang Cheng, Yanxia Wang</dc:creator>',
      '<dc:creator>Zhang Cheng, Li Wei, and Yanxia Wang</dc:creator>',
    );
    expect(paperOf(readArxivRss(xml), '2411.18064')?.authors).toEqual(['Zhang Cheng', 'Li Wei', 'Yanxia Wang']);
  });

  it('throws the error feed’s description', () => {
    expect(() => readArxivRss(fixture('arxiv-rss-error-bad-archive.xml'))).toThrow(FeedError);
    expect(() => readArxivRss(fixture('arxiv-rss-error-bad-archive.xml'))).toThrow(
      /^arXiv RSS error: Bad archive 'astroph'\. Valid archive names are: astro-ph, cond-mat, cs,/,
    );
  });

  it('reads an empty channel as no papers, not an error', () => {
    expect(readArxivRss(fixture('arxiv-rss-empty.xml'))).toEqual({ entries: [], rejected: [] });
  });

  it('says so for an HTML page and a truncated feed', () => {
    expect(() => readArxivRss(HTML_ERROR_PAGE)).toThrow(
      /HTML page \("503 Service Unavailable"\) instead of the arXiv RSS feed/,
    );
    expect(() => readArxivRss(fixture('arxiv-rss.xml').slice(0, 12_345))).toThrow(
      new FeedError('the arXiv RSS feed is truncated: it ends before </rss>'),
    );
  });
});

describe('readHfDailyPapers', () => {
  const result = readHfDailyPapers(fixture('hf-daily-papers.json'));

  it('reads all 7 papers', () => {
    expect(result.rejected).toEqual([]);
    expect(result.entries.map((entry) => entry.paper.id)).toEqual([
      '2606.00467',
      '2606.12730',
      '2606.11409',
      '2606.13289',
      '2606.12282',
      '2606.13392',
      '2606.13681',
    ]);
  });

  it("reads every field of a paper, preferring the paper's own fields to the listing's", () => {
    expect(result.entries[0]).toEqual({
      updateOnly: false,
      paper: {
        id: '2606.00467',
        arxivId: '2606.00467',
        title: 'On the Limits of LLM Adaptability: Impact of Model-Internalized Priors on Annotation Task Performance',
        abstract: expect.stringMatching(
          /^Large Language Models \(LLMs\) are increasingly used for zero-shot annotation and LLM-as-a-judge tasks/,
        ),
        authors: ['Etienne Casanova', 'Rafal Kocielnik', 'R. Michael Alvarez'],
        // paper.publishedAt; the listing's own publishedAt is 2026-05-29T20:00:00.000Z.
        published: '2026-05-30',
        upvotes: 0,
        aiSummary: expect.stringMatching(
          /^Large language models exhibit limited ability to correct zero-shot errors through prompting/,
        ),
        links: { abstract: 'https://arxiv.org/abs/2606.00467', pdf: 'https://arxiv.org/pdf/2606.00467' },
        source: 'hf',
      },
    });
  });

  it('takes the code link from githubRepo and the project link from projectPage', () => {
    const paper = paperOf(result, '2606.13681')!;
    expect(paper.upvotes).toBe(118);
    expect(paper.authors?.slice(0, 2)).toEqual(['Jundong Xu', 'Qingchuan Li']);
    expect(paper.authors).toHaveLength(14);
    expect(paper.links).toEqual({
      abstract: 'https://arxiv.org/abs/2606.13681',
      pdf: 'https://arxiv.org/pdf/2606.13681',
      code: ['https://github.com/Aiden0526/EvoArena'],
      project: ['https://aiden0526.github.io/EvoArena/'],
    });
    expect(paperOf(result, '2606.12282')?.authors).toEqual(['Dmitrii Gavrilev']);
  });

  it('reads fields at the top level when there is no paper object, and rejects an element without id or title', () => {
    const json = JSON.stringify([
      { id: '2606.00001', title: 'Flat  paper', summary: 'An abstract.', authors: [{ name: 'A. Author' }], upvotes: 3 },
      { paper: { title: 'No id here' } },
      { paper: { id: '2606.00002' } },
    ]);
    const flat = readHfDailyPapers(json);
    expect(flat.entries.map((entry) => entry.paper)).toEqual([
      {
        id: '2606.00001',
        arxivId: '2606.00001',
        title: 'Flat paper',
        abstract: 'An abstract.',
        authors: ['A. Author'],
        upvotes: 3,
        links: { abstract: 'https://arxiv.org/abs/2606.00001', pdf: 'https://arxiv.org/pdf/2606.00001' },
        source: 'hf',
      },
    ]);
    expect(flat.rejected).toEqual([
      { where: 'entry 2', reason: 'the paper has no id' },
      { where: 'entry 3', reason: '2606.00002: the paper has no title' },
    ]);
  });

  it('says so for truncated JSON, an HTML page, an error object and an empty body', () => {
    expect(() => readHfDailyPapers(fixture('hf-daily-papers.json').slice(0, 3000))).toThrow(
      /^the Hugging Face daily papers list is truncated or not valid JSON/,
    );
    expect(() => readHfDailyPapers(HTML_ERROR_PAGE)).toThrow(FeedError);
    expect(() => readHfDailyPapers('{"error":"Invalid username or password."}')).toThrow(
      new FeedError('Hugging Face API error: Invalid username or password.'),
    );
    expect(() => readHfDailyPapers('  ')).toThrow(FeedError);
  });
});

describe('sniffFormat', () => {
  const head = (text: string) => Buffer.from(text.slice(0, 512));

  it('tells each fixture by its first bytes', () => {
    expect(sniffFormat(head(fixture('arxiv-api-query.atom.xml')))).toBe('arxiv-atom');
    expect(sniffFormat(head(fixture('arxiv-api-query-legacy-2016.atom.xml')))).toBe('arxiv-atom');
    expect(sniffFormat(head(fixture('arxiv-rss.xml')))).toBe('arxiv-rss');
    expect(sniffFormat(head(fixture('hf-daily-papers.json')))).toBe('hf-json');
  });

  it('takes gzip and JSON objects for JSON Lines, and anything else for a saved page', () => {
    expect(sniffFormat(Buffer.from([0x1f, 0x8b, 0x08, 0x00]))).toBe('jsonl');
    expect(sniffFormat(Buffer.from('\uFEFF  {"id": "cs/9301111"}'))).toBe('jsonl');
    expect(sniffFormat(Buffer.from('New\n\nGet trending papers in your email inbox!'))).toBe('seed-page');
    expect(sniffFormat(Buffer.from('<!DOCTYPE html><html><body></body></html>'))).toBe('seed-page');
  });
});
