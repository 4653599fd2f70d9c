import { linksInText } from '../../core/links.js';
import type { Paper } from '../../core/paper.js';
import { quoted } from '../limits.js';
import { FeedError, type ReadResult, type Rejected } from './read-result.js';
import {
  arxivLinks,
  attributeOf,
  collapseWhitespace,
  distinct,
  isoDay,
  isRecord,
  listOf,
  nonEmpty,
  parseArxivId,
  parseXmlFeed,
  readAll,
  type SourceRecord,
  stringField,
  textOf,
  toPaper,
} from './records.js';

const EXPECTED = 'the arXiv Atom feed';

// arXiv answers a bad query with a feed holding one entry whose id points into its errors page.
const isErrorEntry = (entry: SourceRecord) => /\/api\/errors(?:#|$)/.test(textOf(entry.id) ?? '');

function atomPaper(entry: SourceRecord, where: string): Paper | Rejected {
  const rawId = stringField(textOf(entry.id));
  const title = collapseWhitespace(textOf(entry.title) ?? '');
  if (!rawId) return { where, reason: 'the entry has no id' };
  if (!title) return { where, reason: `${quoted(rawId)}: the entry has no title` };
  const id = parseArxivId(rawId);
  if (!id) return { where, reason: `"${quoted(rawId)}" is not an arXiv id` };
  const abstract = collapseWhitespace(textOf(entry.summary) ?? '');
  const comment = textOf(entry['arxiv:comment']) ?? '';
  const authors = listOf(entry.author).map((author) =>
    collapseWhitespace(isRecord(author) ? (textOf(author.name) ?? '') : ''),
  );
  return toPaper(
    {
      id: id.arxivId,
      title,
      abstract,
      authors: nonEmpty(authors),
      published: isoDay(textOf(entry.published)),
      updated: isoDay(textOf(entry.updated)),
      arxivId: id.arxivId,
      version: id.version,
      categories: distinct([
        attributeOf(entry['arxiv:primary_category'], 'term'),
        ...listOf(entry.category).map((category) => attributeOf(category, 'term')),
      ]),
      links: { ...arxivLinks(id.arxivId), ...linksInText(`${abstract}\n${comment}`) },
      doi: stringField(textOf(entry['arxiv:doi'])),
      journal: stringField(collapseWhitespace(textOf(entry['arxiv:journal_ref']) ?? '')),
      source: 'arxiv',
    },
    where,
  );
}

/** Reads an arXiv API response (`/api/query`), in the current layout or the legacy (pre-2025) one. */
export function readArxivAtom(xml: string): ReadResult {
  const feed = parseXmlFeed(xml, 'feed', EXPECTED, ['entry', 'author', 'category', 'link']);
  const nodes = listOf(feed.entry).map((node) => (isRecord(node) ? node : {}));
  const error = nodes.find(isErrorEntry);
  if (error) {
    const message = collapseWhitespace(textOf(error.summary) ?? textOf(error.id) ?? '');
    throw new FeedError(`arXiv API error: ${message}`);
  }
  return readAll(nodes, atomPaper);
}
