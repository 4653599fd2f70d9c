import type { Paper } from '../../core/paper.js';
import { quoted } from '../limits.js';
import { FeedError, type ReadResult, type Rejected } from './read-result.js';
import {
  arxivLinks,
  collapseWhitespace,
  htmlPageError,
  isoDay,
  isRecord,
  nonEmpty,
  parseArxivId,
  readAll,
  stringField,
  toPaper,
} from './records.js';

const EXPECTED = 'the Hugging Face daily papers list';

function parseBody(json: string): unknown {
  if (!json.trim()) throw new FeedError(`got an empty body instead of ${EXPECTED}`);
  const html = htmlPageError(json, EXPECTED);
  if (html) throw html;
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new FeedError(`${EXPECTED} is truncated or not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

const urlField = (value: unknown) => {
  const url = stringField(value);
  return url && URL.canParse(url) ? [url] : undefined;
};

function hfPaper(element: unknown, where: string): Paper | Rejected {
  if (!isRecord(element)) return { where, reason: 'not a JSON object' };
  // The API has moved fields between the element and its `paper` object; the inner one is the paper's own.
  const inner = isRecord(element.paper) ? element.paper : {};
  const field = (name: string) => inner[name] ?? element[name];
  const rawId = stringField(field('id'));
  const title = collapseWhitespace(stringField(field('title')) ?? '');
  if (!rawId) return { where, reason: 'the paper has no id' };
  if (!title) return { where, reason: `${quoted(rawId)}: the paper has no title` };
  const id = parseArxivId(rawId);
  if (!id) return { where, reason: `"${quoted(rawId)}" is not an arXiv id` };
  const authors = field('authors');
  const upvotes = field('upvotes');
  const code = urlField(field('githubRepo'));
  const project = urlField(field('projectPage'));
  return toPaper(
    {
      id: id.arxivId,
      title,
      abstract: collapseWhitespace(stringField(field('summary')) ?? ''),
      authors: Array.isArray(authors)
        ? nonEmpty(authors.map((author) => (isRecord(author) ? stringField(author.name) : undefined)))
        : undefined,
      published: isoDay(stringField(field('publishedAt'))),
      arxivId: id.arxivId,
      upvotes: typeof upvotes === 'number' ? upvotes : undefined,
      aiSummary: stringField(field('ai_summary')),
      links: { ...arxivLinks(id.arxivId), ...(code ? { code } : {}), ...(project ? { project } : {}) },
      source: 'hf',
    },
    where,
  );
}

/** Reads a Hugging Face `/api/daily_papers` response. */
export function readHfDailyPapers(json: string): ReadResult {
  const body = parseBody(json);
  if (!Array.isArray(body)) {
    // Hugging Face reports a refused request as `{"error": "…"}`.
    const message = isRecord(body) ? stringField(body.error) : undefined;
    const got = body === null ? 'null' : typeof body;
    throw new FeedError(
      message ? `Hugging Face API error: ${message}` : `expected ${EXPECTED} (a JSON array), got ${got}`,
    );
  }
  return readAll(body, hfPaper);
}
