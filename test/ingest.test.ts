import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLine } from '../src/commands/dispatch.js';
import { startBot } from '../src/core/bot.js';
import { endpointsOf, loadConfig } from '../src/core/config.js';
import type { Paper } from '../src/core/paper.js';
import { createFeeds } from '../src/ingest/feeds.js';
import { HttpError, politeClient } from '../src/ingest/http.js';
import { ingestResult } from '../src/ingest/ingest.js';
import { readArxivAtom } from '../src/ingest/sources/arxiv-atom.js';
import { readHfDailyPapers } from '../src/ingest/sources/hf-daily.js';
import { openLibrary } from '../src/library/library.js';
import { indexLibrary, libraryIndex } from '../src/search/paper-index.js';
import { contextFor, tempDir } from './support/bot.js';
import { paperbot } from './support/cli.js';
import { startFixtureServer } from './support/fixture-server.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/captured/${name}`, import.meta.url), 'utf8');
const library = () => openLibrary(join(tempDir(), 'papers.db'));
const entry = (paper: Paper, updateOnly = false) => ({ paper, updateOnly });
const arxivPaper = (overrides: Partial<Paper> = {}): Paper => ({
  id: '2401.01234',
  arxivId: '2401.01234',
  version: 1,
  title: 'Gaussian Splatting for Everyone',
  abstract: 'Version one.',
  links: { abstract: 'https://arxiv.org/abs/2401.01234', pdf: 'https://arxiv.org/pdf/2401.01234' },
  source: 'arxiv',
  ...overrides,
});

describe('the library: identity and merging', () => {
  it('stores a feed once: a second ingest of the same feed changes nothing', () => {
    const lib = library();
    const feed = readArxivAtom(fixture('arxiv-api-query.atom.xml'));
    expect(ingestResult(lib, feed, 1)).toMatchObject({ added: 10, updated: 0, unchanged: 0 });
    expect(ingestResult(lib, feed, 2)).toMatchObject({ added: 0, updated: 0, unchanged: 10 });
    expect(lib.count()).toBe(10);
  });

  it('updates a paper in place when a later version arrives, and ignores an older one', () => {
    const lib = library();
    lib.ingest([entry(arxivPaper())], 1);
    expect(
      lib.ingest(
        [
          entry(
            arxivPaper({ version: 2, title: 'Gaussian Splatting for Everyone, Revised', abstract: 'Version two.' }),
          ),
        ],
        2,
      ),
    ).toEqual({ added: 0, updated: 1, unchanged: 0 });
    expect(lib.ingest([entry(arxivPaper({ version: 1 }))], 3)).toEqual({ added: 0, updated: 0, unchanged: 1 });
    expect(lib.count()).toBe(1);
    expect(lib.get('2401.01234')).toMatchObject({
      version: 2,
      title: 'Gaussian Splatting for Everyone, Revised',
      abstract: 'Version two.',
    });
  });

  it('keeps one paper for the same arXiv id from Hugging Face and arXiv, with both sources’ extras', () => {
    const lib = library();
    const hf = readHfDailyPapers(fixture('hf-daily-papers.json')).entries[0]!.paper;
    const links = { abstract: `https://arxiv.org/abs/${hf.id}`, pdf: `https://arxiv.org/pdf/${hf.id}` };
    lib.ingest(
      [
        entry({
          ...arxivPaper({ id: hf.id, arxivId: hf.arxivId, title: hf.title, abstract: hf.abstract, links }),
          authors: ['From Arxiv'],
          categories: ['cs.CV'],
        }),
      ],
      1,
    );
    lib.ingest([entry(hf)], 2);
    expect(lib.count()).toBe(1);
    const merged = lib.get(hf.id)!;
    expect(merged.categories).toEqual(['cs.CV']);
    expect(merged.upvotes).toBe(hf.upvotes);
    expect(merged.aiSummary).toBe(hf.aiSummary);
    expect(merged.links.pdf).toBe(`https://arxiv.org/pdf/${hf.id}`);
  });

  it('upgrades a seed paper that arrives from arXiv, matched by its title, instead of doubling it', () => {
    const lib = library();
    const seed: Paper = {
      id: 'gaussian-splatting-for-everyone-abc123',
      title: 'Gaussian splatting for everyone!',
      abstract: 'Seed text.',
      links: { code: ['https://github.com/a/b'] },
      source: 'seed',
    };
    lib.ingest([entry(seed)], 1);
    expect(lib.ingest([entry(arxivPaper())], 2)).toEqual({ added: 0, updated: 1, unchanged: 0 });
    expect(lib.count()).toBe(1);
    const upgraded = lib.get('2401.01234')!;
    expect(upgraded).toMatchObject({
      id: '2401.01234',
      arxivId: '2401.01234',
      source: 'arxiv',
      links: { code: ['https://github.com/a/b'] },
    });
    expect(lib.get(seed.id)?.id).toBe('2401.01234');
    expect(lib.canonicalId(seed.id)).toBe('2401.01234');
  });

  it('does not bring an upgraded seed back when the seeds load again after its title changed on arXiv', () => {
    const lib = library();
    const seed: Paper = {
      id: 'gaussian-splatting-for-everyone-abc123',
      title: 'Gaussian Splatting for Everyone',
      abstract: 'Seed text.',
      links: {},
      source: 'seed',
    };
    lib.ingest([entry(seed)], 1);
    lib.ingest([entry(arxivPaper())], 2);
    lib.ingest([entry(arxivPaper({ version: 2, title: 'Splatting Gaussians, for Everyone' }))], 3);
    expect(lib.ingest([entry(seed)], 4)).toEqual({ added: 0, updated: 0, unchanged: 1 });
    expect(lib.count()).toBe(1);
  });

  it('finds nothing for a lone accented letter or punctuation on disk, rather than papers scored zero', () => {
    const lib = library();
    lib.ingest(
      [
        entry(arxivPaper()),
        entry(
          arxivPaper({
            id: '2401.09999',
            arxivId: '2401.09999',
            title: 'Café culture in networks',
            abstract: 'Über alles.',
          }),
        ),
      ],
      1,
    );
    const index = libraryIndex(lib);
    for (const query of ['é', 'ü', '!!!', '""', '🙂']) expect(index.search(query).total).toBe(0);
    expect(index.search('café').hits[0]?.paper.id).toBe('2401.09999');
  });

  it('adds RSS "replace" items only as updates of papers it already has', () => {
    const lib = library();
    expect(lib.ingest([entry(arxivPaper(), true)], 1)).toEqual({ added: 0, updated: 0, unchanged: 1 });
    expect(lib.count()).toBe(0);
  });
});

describe('the polite HTTP client', () => {
  it('leaves at least the interval between requests and sends one at a time', async () => {
    let clock = 0;
    const starts: number[] = [];
    let inFlight = 0;
    const client = politeClient({
      userAgent: 'paperbot-test',
      minIntervalMs: 3000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      fetch: async () => {
        starts.push(clock);
        inFlight += 1;
        expect(inFlight).toBe(1);
        clock += 500;
        inFlight -= 1;
        return new Response('ok');
      },
    });
    await Promise.all([client.get('http://x/1'), client.get('http://x/2'), client.get('http://x/3')]);
    expect(starts).toEqual([0, 3000, 6000]);
  });

  it('retries a 429 after its Retry-After, then succeeds, sending its User-Agent', async () => {
    const server = await startFixtureServer({
      '/api/daily_papers': [
        { status: 429, body: 'slow down', headers: { 'Retry-After': '1' } },
        { body: fixture('hf-daily-papers.json'), headers: { 'Content-Type': 'application/json' } },
      ],
    });
    try {
      const waits: number[] = [];
      const client = politeClient({
        userAgent: 'paperbot/0.1 (contact: ops@example.org)',
        minIntervalMs: 0,
        sleep: async (ms) => {
          waits.push(ms);
        },
      });
      const body = await client.get(`${server.url}/api/daily_papers`);
      expect(readHfDailyPapers(body).entries.length).toBeGreaterThan(0);
      expect(waits).toContain(1000);
      expect(server.requests.map((r) => r.userAgent)).toEqual([
        'paperbot/0.1 (contact: ops@example.org)',
        'paperbot/0.1 (contact: ops@example.org)',
      ]);
    } finally {
      await server.close();
    }
  });

  it('gives up with an HttpError naming the status when a source keeps failing', async () => {
    const server = await startFixtureServer({ '/rss/cs.CV': [{ status: 503, body: 'down' }] });
    try {
      const client = politeClient({ userAgent: 't', minIntervalMs: 0, retries: 2, sleep: async () => undefined });
      await expect(client.get(`${server.url}/rss/cs.CV`)).rejects.toThrow(HttpError);
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });
});

describe('scheduled refresh', () => {
  it('adds papers that /paper then finds without a restart, and leaves stored papers alone when a source fails', async () => {
    const hf = readHfDailyPapers(fixture('hf-daily-papers.json')).entries[0]!.paper;
    const server = await startFixtureServer({
      '/api/daily_papers': [{ body: fixture('hf-daily-papers.json') }],
      '/rss/cs.CV': [{ status: 500, body: '<html><title>500</title></html>' }],
    });
    try {
      const config = loadConfig({
        DATA_DIR: tempDir(),
        HF_API_URL: `${server.url}/api`,
        ARXIV_RSS_URL: `${server.url}/rss`,
      });
      const bot = await startBot(config);
      const before = await runLine(`/paper ${hf.title}`, contextFor(bot));
      expect(before.kind === 'papers' && before.hits[0]?.paper.id === hf.id).toBe(false);
      const endpoints = endpointsOf(config);
      // The failing feed is retried with backoff (1 + 2 + 4 s of it): these clients only pretend to wait.
      const polite = () =>
        politeClient({ userAgent: endpoints.userAgent, minIntervalMs: 0, sleep: async () => undefined });
      const clients = { arxiv: polite(), hf: polite() };
      const feeds = createFeeds({
        library: bot.library,
        store: bot.store,
        endpoints,
        clients,
        sources: [{ kind: 'rss', categories: 'cs.CV' }, { kind: 'hf' }],
        onChange: () => bot.useIndex(indexLibrary(bot.library)),
        now: () => bot.now().getTime(),
      });
      const results = await feeds.refresh();
      expect(results.get('rss:cs.CV')).toBeInstanceOf(Error);
      expect(results.get('hf')).toMatchObject({ added: 7 });
      const after = await runLine(`/paper ${hf.title}`, contextFor(bot));
      expect(after.kind === 'papers' && after.hits[0]?.paper.id).toBe(hf.id);
      expect(bot.library.count()).toBe(41 + 7);
    } finally {
      await server.close();
    }
  }, 30_000);
});

// Each runs the real program in a process of its own and mostly waits on it, so they run side by side.
describe.concurrent('paperbot ingest', () => {
  it('ingests the good lines of a JSON Lines file and lists the bad one by line', async () => {
    const dir = tempDir();
    const file = join(dir, 'papers.jsonl');
    const line = (id: string, title: string) =>
      JSON.stringify({
        id,
        title,
        abstract: `About ${title}.`,
        categories: ['cs.CV'],
        primary_cat: 'cs.CV',
        created: '2019-01-02',
        updated: '',
        authors: 'Ada Lovelace, Alan Turing',
      });
    writeFileSync(
      file,
      [
        line('1901.00001', 'First paper'),
        '{"id": "1901.00002", "title": "Broken',
        line('1901.00003', 'Third paper'),
      ].join('\n'),
    );
    const run = await paperbot(['ingest', 'file', file], { env: { DATA_DIR: dir } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^added 2, updated 0, unchanged 0, rejected 1\n {2}rejected line 2: /);
    const search = await paperbot(['search', 'third paper', '--json'], { env: { DATA_DIR: dir } });
    expect(JSON.parse(search.stdout)[0]).toMatchObject({ id: '1901.00003', title: 'Third paper' });
  });

  it('fetches from the arXiv API (a local stand-in) and says what it added', async () => {
    const server = await startFixtureServer({
      '/api/query': [
        { body: fixture('arxiv-api-query.atom.xml'), headers: { 'Content-Type': 'application/atom+xml' } },
      ],
    });
    try {
      const dir = tempDir();
      const run = await paperbot(['ingest', 'arxiv', '--query', 'all:testing', '--max', '10'], {
        env: { DATA_DIR: dir, ARXIV_API_URL: `${server.url}/api/query`, CONTACT: 'ops@example.org' },
      });
      expect(run.stdout.trim()).toBe('added 10, updated 0, unchanged 0, rejected 0');
      expect(server.requests[0]?.query.get('search_query')).toBe('all:testing');
      expect(server.requests[0]?.userAgent).toMatch(/^paperbot\/.*contact: ops@example\.org/);
    } finally {
      await server.close();
    }
  });

  it('reports an error page as a clear error and stores nothing', async () => {
    const server = await startFixtureServer({});
    try {
      const dir = tempDir();
      const run = await paperbot(['ingest', 'hf'], { env: { DATA_DIR: dir, HF_API_URL: `${server.url}/api` } });
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/404/);
    } finally {
      await server.close();
    }
  });
});
