import { linksInText } from '../../core/links.js';
import type { Paper } from '../../core/paper.js';
import { byteSize, FILE_LIMITS, type FileLimits, quoted } from '../limits.js';
import { openFileBytes } from './file-bytes.js';
import { splitLines } from './lines.js';
import type { Rejected } from './read-result.js';
import {
  arxivLinks,
  collapseWhitespace,
  distinct,
  isoDay,
  isRecord,
  parseArxivId,
  splitAuthors,
  stringField,
  toPaper,
} from './records.js';

/**
 * One line of the corpus JSON Lines format (id, title, abstract, categories, primary_cat, created, updated,
 * authors); nothing for a blank line.
 */
export function readJsonLine(line: string, lineNumber: number): Paper | Rejected | undefined {
  if (!line.trim()) return undefined;
  const where = `line ${lineNumber}`;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    return { where, reason: `not valid JSON (${(error as Error).message})` };
  }
  if (!isRecord(record)) return { where, reason: 'not a JSON object' };
  const rawId = stringField(record.id);
  const title = collapseWhitespace(stringField(record.title) ?? '');
  if (!rawId) return { where, reason: 'the record has no id' };
  if (!title) return { where, reason: `${quoted(rawId)}: the record has no title` };
  const arxiv = parseArxivId(rawId);
  const abstract = collapseWhitespace(stringField(record.abstract) ?? '');
  const categories = Array.isArray(record.categories) ? record.categories.map(stringField) : [];
  return toPaper(
    {
      id: arxiv?.arxivId ?? rawId,
      title,
      abstract,
      authors: splitAuthors(stringField(record.authors) ?? ''),
      published: isoDay(stringField(record.created)),
      updated: isoDay(stringField(record.updated)),
      arxivId: arxiv?.arxivId,
      version: arxiv?.version,
      categories: distinct([stringField(record.primary_cat), ...categories]),
      links: { ...(arxiv ? arxivLinks(arxiv.arxivId) : {}), ...linksInText(abstract) },
      source: 'file',
    },
    where,
  );
}

/** An over-long line, rejected by its length and the id it opens with; never parsed or held whole. */
function overLongLine(line: { lineNumber: number; bytes: number; head: string }, maxBytes: number): Rejected {
  const id = /"id"\s*:\s*"([^"\\]+)"/.exec(line.head)?.[1];
  const size = `the line is ${byteSize(line.bytes)}, more than the ${byteSize(maxBytes)} allowed`;
  return { where: `line ${line.lineNumber}`, reason: id ? `${quoted(id)}: ${size}` : size };
}

/**
 * Streams a JSON Lines file, gunzipped when it starts with gzip's magic bytes whatever its name, one line
 * at a time so a corpus of any size fits. A cut-off gzip ends with a FeedError after the lines before the cut,
 * and so does a gzip bomb; a line over `limits.lineBytes` is rejected without being held.
 */
export async function* readJsonLinesFile(
  path: string,
  limits: FileLimits = FILE_LIMITS,
): AsyncGenerator<{ lineNumber: number; result: Paper | Rejected; bytesRead: number }> {
  const file = await openFileBytes(path, limits);
  try {
    for await (const line of splitLines(file.chunks, limits.lineBytes)) {
      const result = 'text' in line ? readJsonLine(line.text, line.lineNumber) : overLongLine(line, limits.lineBytes);
      // bytesRead counts the file as stored (compressed or not), for a progress bar against its size.
      if (result) yield { lineNumber: line.lineNumber, result, bytesRead: file.bytesRead() };
    }
  } finally {
    file.close();
  }
}
