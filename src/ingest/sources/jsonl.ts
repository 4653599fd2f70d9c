import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { linksInText } from '../../core/links.js';
import type { Paper } from '../../core/paper.js';
import {
  arxivLinks,
  collapseWhitespace,
  distinct,
  isRecord,
  isoDay,
  parseArxivId,
  splitAuthors,
  stringField,
  toPaper,
} from './records.js';
import { FeedError, type Rejected } from './read-result.js';

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
  if (!title) return { where, reason: `${rawId}: the record has no title` };
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

const GZIP_MAGIC = [0x1f, 0x8b];

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(GZIP_MAGIC.length), 0, GZIP_MAGIC.length, 0);
    return bytesRead === GZIP_MAGIC.length && GZIP_MAGIC.every((byte, i) => buffer[i] === byte);
  } finally {
    await file.close();
  }
}

function isZlibError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}

/**
 * Streams a JSON Lines file, gunzipped when it starts with gzip's magic bytes whatever its name, one line
 * at a time so a corpus of any size fits. A cut-off gzip ends with a FeedError after the lines before the cut.
 */
export async function* readJsonLinesFile(path: string): AsyncGenerator<{ lineNumber: number; result: Paper | Rejected; bytesRead: number }> {
  const gzipped = await startsWithGzipMagic(path);
  const file = createReadStream(path);
  const input: Readable = gzipped ? file.pipe(createGunzip()) : file;
  // pipe() does not pass a read error on to the gunzip stream, and readline only sees the stream it reads.
  if (gzipped) file.once('error', (error) => input.destroy(error));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      const result = readJsonLine(line, lineNumber);
      // bytesRead counts the file as stored (compressed or not), for a progress bar against its size.
      if (result) yield { lineNumber, result, bytesRead: file.bytesRead };
    }
  } catch (error) {
    if (isZlibError(error)) {
      throw new FeedError(`${path}: the file is truncated or not valid gzip (${error.message})`, { cause: error });
    }
    throw error;
  } finally {
    lines.close();
    input.destroy();
    file.destroy();
  }
}
