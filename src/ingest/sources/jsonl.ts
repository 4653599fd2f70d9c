import { linksInText } from '../../core/links.js';
import type { Paper } from '../../core/paper.js';
import { byteSize, FILE_LIMITS, type FileLimits, quoted } from '../limits.js';
import { openFileBytes } from './file-bytes.js';
import { type Line, splitLines } from './lines.js';
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

/** The record of one line of a JSON Lines file (a paper, or why not); nothing for a blank line. */
export const readLine = (line: Line, limits: FileLimits): Paper | Rejected | undefined =>
  'text' in line ? readJsonLine(line.text, line.lineNumber) : overLongLine(line, limits.lineBytes);

/**
 * A JSON Lines file's lines in chunks of at most `size.lines` lines and about `size.bytes` bytes, gunzipped
 * when it starts with gzip's magic bytes whatever its name, each chunk with the bytes of the file read by its
 * end (the file as stored, for a progress bar against its size). A cut-off gzip ends with a FeedError after the
 * lines before the cut, and so does a gzip bomb; a line over `limits.lineBytes` is never held whole.
 */
export async function* lineChunks(
  path: string,
  limits: FileLimits,
  size: { lines: number; bytes: number },
): AsyncGenerator<{ lines: Line[]; bytesRead: number }> {
  const file = await openFileBytes(path, limits);
  let lines: Line[] = [];
  let held = 0;
  try {
    for await (const line of splitLines(file.chunks, limits.lineBytes)) {
      lines.push(line);
      held += 'text' in line ? line.text.length : line.head.length;
      if (lines.length < size.lines && held < size.bytes) continue;
      yield { lines, bytesRead: file.bytesRead() };
      lines = [];
      held = 0;
    }
    if (lines.length) yield { lines, bytesRead: file.bytesRead() };
  } catch (error) {
    // The lines before the cut come first.
    if (lines.length) yield { lines, bytesRead: file.bytesRead() };
    throw error;
  } finally {
    file.close();
  }
}

/** Streams a JSON Lines file one record at a time, so a corpus of any size fits (see `lineChunks`). */
export async function* readJsonLinesFile(
  path: string,
  limits: FileLimits = FILE_LIMITS,
): AsyncGenerator<{ lineNumber: number; result: Paper | Rejected; bytesRead: number }> {
  for await (const { lines, bytesRead } of lineChunks(path, limits, { lines: 1, bytes: limits.lineBytes })) {
    const [line] = lines;
    const result = readLine(line!, limits);
    if (result) yield { lineNumber: line!.lineNumber, result, bytesRead };
  }
}
