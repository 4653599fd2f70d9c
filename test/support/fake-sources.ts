import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A paper as the stand-ins publish it: on arXiv (matched by its words), on Hugging Face's daily list, or both. */
export interface FakePaper {
  /** A new-style arXiv id without version, e.g. 2603.00012. */
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly authors: readonly string[];
  readonly category: string;
  /** ISO date-time, e.g. 2026-03-02T00:00:00Z. */
  readonly published: string;
}

const errorFeed = readFileSync(new URL('../fixtures/captured/arxiv-api-error-400.atom.xml', import.meta.url), 'utf8');

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One `<entry>` laid out as in the captured response (arxiv-api-query.atom.xml). */
function atomEntry(paper: FakePaper): string {
  const abs = `https://arxiv.org/abs/${paper.id}v1`;
  const authors = paper.authors.map((name) => `    <author>\n      <name>${xml(name)}</name>\n    </author>`);
  return [
    '  <entry>',
    `    <id>http://arxiv.org/abs/${paper.id}v1</id>`,
    `    <title>${xml(paper.title)}</title>`,
    `    <updated>${paper.published}</updated>`,
    `    <link href="${abs}" rel="alternate" type="text/html"/>`,
    `    <link href="https://arxiv.org/pdf/${paper.id}v1" rel="related" type="application/pdf" title="pdf"/>`,
    `    <summary>${xml(paper.summary)}</summary>`,
    `    <category term="${paper.category}" scheme="http://arxiv.org/schemas/atom"/>`,
    `    <published>${paper.published}</published>`,
    `    <arxiv:primary_category term="${paper.category}"/>`,
    ...authors,
    '  </entry>',
  ].join('\n');
}

function atomFeed(query: string, start: number, total: number, papers: readonly FakePaper[]): string {
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom"' +
      ' xmlns="http://www.w3.org/2005/Atom">',
    '  <id>https://arxiv.org/api/fake</id>',
    `  <title>arXiv Query: search_query=${xml(query)}&amp;id_list=&amp;start=${start}</title>`,
    `  <updated>${new Date().toISOString().slice(0, 19)}Z</updated>`,
    `  <opensearch:itemsPerPage>${papers.length}</opensearch:itemsPerPage>`,
    `  <opensearch:totalResults>${total}</opensearch:totalResults>`,
    `  <opensearch:startIndex>${start}</opensearch:startIndex>`,
    ...papers.map(atomEntry),
    '</feed>',
  ].join('\n');
}

/** An element of Hugging Face's daily_papers list, with the fields of the captured one (hf-daily-papers.json). */
const hfElement = (paper: FakePaper) => ({
  paper: {
    id: paper.id,
    authors: paper.authors.map((name, i) => ({ _id: `${paper.id}-${i}`, name, hidden: false })),
    publishedAt: paper.published,
    submittedOnDailyAt: paper.published,
    title: paper.title,
    summary: paper.summary,
    upvotes: 3,
  },
  publishedAt: paper.published,
  title: paper.title,
  summary: paper.summary,
  numComments: 0,
  isAuthorParticipating: false,
});

/** The phrases of a query the bot sends (`all:"a b" OR all:"a-b"`); anything else arXiv would reject. */
const phrasesOf = (query: string) => [...query.matchAll(/all:"([^"]+)"/g)].map((m) => m[1]!.toLowerCase());

/**
 * What one query asks for, as a test of a paper: phrases in title or abstract; `au:"name"`, loosely, as arXiv
 * matches names (the surname anywhere in the record, abstracts included, so the bot's own check is what keeps
 * a paper that only cites someone out); `cat:cs.CV`, the category. Undefined for anything arXiv would reject.
 */
function matcherOf(query: string): ((paper: FakePaper) => boolean) | undefined {
  const phrases = phrasesOf(query);
  if (phrases.length > 0)
    return (p) => phrases.some((phrase) => `${p.title}\n${p.summary}`.toLowerCase().includes(phrase));
  const author = /^au:"([^"]+)"$/.exec(query)?.[1];
  if (author) {
    const surname = author.trim().split(/\s+/).at(-1)!.toLowerCase();
    return (p) => `${p.authors.join(' ')}\n${p.summary}`.toLowerCase().includes(surname);
  }
  const category = /^cat:([a-z-]+(?:\.[A-Za-z-]+)?)$/.exec(query)?.[1];
  if (category) return (p) => p.category === category;
  return undefined;
}

/**
 * Local stand-ins for the arXiv API (`/api/query`) and Hugging Face (`/api/daily_papers`). The test publishes
 * papers as time goes by; arXiv answers a `search_query` with the published papers holding one of its phrases
 * in title or abstract, newest first, a page at a time; Hugging Face answers with today's list.
 */
export async function startFakeSources() {
  const arxiv: FakePaper[] = [];
  let daily: FakePaper[] = [];
  const requests: { path: string; query: URLSearchParams }[] = [];

  function answerQuery(res: ServerResponse, params: URLSearchParams) {
    const query = params.get('search_query') ?? '';
    const ids = params.get('id_list')?.split(',');
    const matches = ids ? (p: FakePaper) => ids.includes(p.id) : matcherOf(query);
    if (!matches) {
      res.writeHead(400, { 'Content-Type': 'application/atom+xml' });
      return res.end(errorFeed);
    }
    const found = arxiv.filter(matches).sort((a, b) => b.published.localeCompare(a.published));
    const start = Number(params.get('start') ?? 0);
    const page = found.slice(start, start + Number(params.get('max_results') ?? 10));
    res.writeHead(200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
    res.end(atomFeed(query, start, found.length, page));
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: url.pathname, query: url.searchParams });
    if (url.pathname === '/api/query') return answerQuery(res, url.searchParams);
    if (url.pathname === '/api/daily_papers') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      return res.end(JSON.stringify(daily.map(hfElement)));
    }
    res.writeHead(404, { 'Content-Type': 'text/html' });
    res.end('<html><head><title>404 Not Found</title></head><body>not found</body></html>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    arxivApiUrl: `${url}/api/query`,
    hfApiUrl: `${url}/api`,
    /** Every request so far, with its query parameters. */
    requests,
    /** The `search_query` of every arXiv API request so far. */
    searches: () => requests.filter((r) => r.path === '/api/query').map((r) => r.query.get('search_query') ?? ''),
    /** Papers announced on arXiv from now on. */
    publish(papers: readonly FakePaper[]) {
      arxiv.push(...papers);
    },
    /** Hugging Face's list for today, replacing yesterday's. */
    setDaily(papers: readonly FakePaper[]) {
      daily = [...papers];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeSources = Awaited<ReturnType<typeof startFakeSources>>;
