import { createRequire } from 'node:module';
import { type Paper, PaperSchema } from '../../core/paper.js';
import { quoted } from '../limits.js';
import { type Entry, FeedError, type ReadResult, type Rejected } from './read-result.js';

// What the readers share: arXiv ids and links, arXiv's author strings, XML feeds, and turning a source's
// record into a validated paper or a rejection.

export type SourceRecord = Record<string, unknown>;

// The XML parser is loaded at the first feed read, not at start: a search never reads XML, and loading it took
// 60 ms of every CLI call.
let xmlModule: typeof import('fast-xml-parser') | undefined;
const xmlLibrary = () =>
  (xmlModule ??= createRequire(import.meta.url)('fast-xml-parser') as typeof import('fast-xml-parser'));

export const isRecord = (value: unknown): value is SourceRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isRejected = (result: Paper | Rejected): result is Rejected => 'reason' in result;

// Runs of two or more spaces, or one that is not a plain space: a text's single spaces (most of its spacing)
// are left as they are, not replaced one by one.
export const collapseWhitespace = (text: string) => text.replace(/\s\s+|[^\S ]/g, ' ').trim();

/** A string field with something in it, trimmed; anything else is absent. */
export function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** The non-empty values, in order; absent rather than an empty list. */
export function nonEmpty(values: readonly (string | undefined)[]): string[] | undefined {
  const list = values.filter((value): value is string => Boolean(value));
  return list.length ? list : undefined;
}

/** Each non-empty value once, in order. Not for authors: two people can share a name. */
export const distinct = (values: readonly (string | undefined)[]) => nonEmpty([...new Set(values)]);

/** The date part (YYYY-MM-DD) of an ISO date or timestamp, as written (no time-zone shift). */
export function isoDay(text: string | undefined): string | undefined {
  return text?.trim().match(/^\d{4}-\d{2}-\d{2}/)?.[0];
}

/**
 * arXiv's author strings ("A, B, and C", "A and B") as names. The corpus and the RSS `dc:creator` both
 * use this form; a comma inside a name ("Smith, Jr.") cannot be told apart and splits.
 */
export function splitAuthors(text: string): string[] | undefined {
  return nonEmpty(text.split(/\s*,\s*(?:and\s+)?|\s+and\s+/).map(collapseWhitespace));
}

export interface ArxivId {
  /** Without version: `2202.12139`, `cond-mat/0412498`. */
  readonly arxivId: string;
  readonly version?: number;
}

// New ids (2202.12139) and old ones (cond-mat/0412498, math.GT/0309136), optionally versioned, bare or at the
// end of what wraps them in the feeds: an abs URL, an OAI identifier (`oai:arXiv.org:…`) or `arXiv:`.
const ARXIV_ID = /(?:^|[/:])(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?$/;

export function parseArxivId(text: string): ArxivId | undefined {
  const match = ARXIV_ID.exec(text.trim());
  if (!match?.[1]) return undefined;
  return match[2] ? { arxivId: match[1], version: Number(match[2]) } : { arxivId: match[1] };
}

/** The version-less abstract and PDF pages, so a link keeps pointing at the latest version. */
export const arxivLinks = (arxivId: string) => ({
  abstract: `https://arxiv.org/abs/${arxivId}`,
  pdf: `https://arxiv.org/pdf/${arxivId}`,
});

/**
 * Validates a record a reader built. Absent fields are dropped rather than kept as `undefined`, and a
 * record that does not fit the schema (a field over its limit, too) is reported where it was instead of
 * stopping the whole read.
 */
export function toPaper(record: SourceRecord, where: string): Paper | Rejected {
  const present = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
  const parsed = PaperSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`);
  return { where, reason: `${quoted(String(record.id))}: ${problems.join('; ')}` };
}

// XML

/** An element's text, whether or not it also has attributes. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return isRecord(value) && typeof value['#text'] === 'string' ? value['#text'] : undefined;
}

export const attributeOf = (value: unknown, name: string) =>
  isRecord(value) ? stringField(value[`@_${name}`]) : undefined;

export const listOf = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

const HTML_PAGE = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>])/i;

/** "an HTML page ("502 Bad Gateway")" when a body is an HTML page (a proxy's or server's error page). */
export function htmlPage(body: string): string | undefined {
  if (!HTML_PAGE.test(body)) return undefined;
  const title = collapseWhitespace(/<title[^>]*>([^<]{0,200})/i.exec(body)?.[1] ?? '');
  return `an HTML page${title ? ` ("${title}")` : ''}`;
}

/** A body that is an HTML page rather than data, with its title. */
export function htmlPageError(body: string, expected: string): FeedError | undefined {
  const page = htmlPage(body);
  return page ? new FeedError(`got ${page} instead of ${expected}`) : undefined;
}

/**
 * The root element of a feed, after checking the body is the whole, well-formed XML document expected:
 * an HTML error page, a cut-off download or another document fails with a message saying which.
 */
export function parseXmlFeed(
  xml: string,
  root: 'feed' | 'rss',
  expected: string,
  lists: readonly string[],
): SourceRecord {
  const body = xml.replace(/^\uFEFF/, '');
  if (!body.trim()) throw new FeedError(`got an empty body instead of ${expected}`);
  const html = htmlPageError(body, expected);
  if (html) throw html;
  const { XMLParser, XMLValidator } = xmlLibrary();
  const validation = XMLValidator.validate(body);
  if (validation !== true) {
    // The validator's messages for a cut-off document vary with where the cut falls; the missing end tag does not.
    const truncated = new RegExp(`<${root}[\\s>]`).test(body) && !new RegExp(`</${root}>\\s*$`).test(body);
    throw new FeedError(
      truncated
        ? `${expected} is truncated: it ends before </${root}>`
        : `got a body that is not well-formed XML instead of ${expected} (line ${validation.err.line}: ${validation.err.msg})`,
    );
  }
  const document: unknown = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // Ids such as 2202.12100 must stay strings, not become numbers.
    parseTagValue: false,
    // Numeric character references (&#233;) are only decoded with this on.
    htmlEntities: true,
    isArray: (name) => lists.includes(name),
  }).parse(body);
  const element = isRecord(document) ? document[root] : undefined;
  // An element with nothing inside parses as an empty string.
  if (element === '') return {};
  if (isRecord(element)) return element;
  const found = isRecord(document) ? Object.keys(document).find((key) => !key.startsWith('?')) : undefined;
  throw new FeedError(`expected ${expected} (<${root}>), got <${found ?? 'nothing'}>`);
}

// The Atom reader

/** Reads each element of a feed into a paper (that may add a paper) or a rejection, keeping their order. */
export function readAll<T>(elements: readonly T[], read: (element: T, where: string) => Paper | Rejected): ReadResult {
  const entries: Entry[] = [];
  const rejected: Rejected[] = [];
  elements.forEach((element, index) => {
    const result = read(element, `entry ${index + 1}`);
    if (isRejected(result)) rejected.push(result);
    else entries.push({ paper: result, updateOnly: false });
  });
  return { entries, rejected };
}
