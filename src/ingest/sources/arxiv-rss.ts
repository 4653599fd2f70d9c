import { linksInText } from '../../core/links.js';
import { quoted } from '../limits.js';
import { type Entry, FeedError, type ReadResult, type Rejected } from './read-result.js';
import {
  arxivLinks,
  collapseWhitespace,
  distinct,
  isRecord,
  isRejected,
  listOf,
  parseArxivId,
  parseXmlFeed,
  type SourceRecord,
  splitAuthors,
  stringField,
  textOf,
  toPaper,
} from './records.js';

const EXPECTED = 'the arXiv RSS feed';

// "arXiv:2411.17735v1 Announce Type: new \nAbstract: …": what arXiv puts before the abstract itself.
const ANNOUNCE_PREFIX = /^arXiv:\S+\s+Announce Type:\s*\S+\s*(?:Abstract:\s*)?/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The calendar day an RFC 822 date ("Thu, 28 Nov 2024 00:00:00 -0500") names, in its own time zone. */
export function rfc822Day(text: string | undefined): string | undefined {
  const match = /(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{4})/i.exec(text ?? '');
  const month = match ? MONTHS.indexOf(match[2]!.toLowerCase()) + 1 : 0;
  if (!match || !month) return undefined;
  return `${match[3]}-${String(month).padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
}

function rssEntry(item: SourceRecord, where: string): Entry | Rejected {
  const guid = stringField(textOf(item.guid));
  const link = stringField(textOf(item.link));
  const title = collapseWhitespace(textOf(item.title) ?? '');
  if (!guid && !link) return { where, reason: 'the item has neither a guid nor a link' };
  if (!title) return { where, reason: `${quoted(guid ?? link ?? '')}: the item has no title` };
  const id = parseArxivId(guid ?? '') ?? parseArxivId(link ?? '');
  if (!id) return { where, reason: `neither "${quoted(guid ?? '')}" nor "${quoted(link ?? '')}" holds an arXiv id` };
  const type = stringField(textOf(item['arxiv:announce_type'])) ?? '';
  // `replace` and `replace-cross` announce a new version of a paper published before.
  const updateOnly = type.startsWith('replace');
  const abstract = collapseWhitespace((textOf(item.description) ?? '').trim().replace(ANNOUNCE_PREFIX, ''));
  // pubDate is the day this version was announced: the paper's first publication only for a first version.
  // A cross-listing or replacement of an older paper announces a later version.
  const day = rfc822Day(textOf(item.pubDate));
  const firstVersion = id.version === 1 || (id.version === undefined && type === 'new');
  const paper = toPaper(
    {
      id: id.arxivId,
      title,
      abstract,
      authors: splitAuthors(textOf(item['dc:creator']) ?? ''),
      published: firstVersion ? day : undefined,
      updated: firstVersion ? undefined : day,
      arxivId: id.arxivId,
      version: id.version,
      categories: distinct(listOf(item.category).map((category) => stringField(textOf(category)))),
      links: { ...arxivLinks(id.arxivId), ...linksInText(abstract) },
      source: 'arxiv',
    },
    where,
  );
  return isRejected(paper) ? paper : { paper, updateOnly };
}

/** Reads an arXiv RSS feed (rss.arxiv.org, 2024+ format). An empty channel (weekends, holidays) is no error. */
export function readArxivRss(xml: string): ReadResult {
  const rss = parseXmlFeed(xml, 'rss', EXPECTED, ['item', 'category']);
  const channel = rss.channel;
  if (!isRecord(channel)) throw new FeedError(`${EXPECTED} has no <channel>`);
  // arXiv reports a bad query as a feed whose title says so and whose description says why.
  const title = textOf(channel.title) ?? '';
  if (/^feed error\b/i.test(title.trim())) {
    throw new FeedError(`arXiv RSS error: ${collapseWhitespace(textOf(channel.description) ?? title)}`);
  }
  const entries: Entry[] = [];
  const rejected: Rejected[] = [];
  listOf(channel.item).forEach((node, index) => {
    const result = rssEntry(isRecord(node) ? node : {}, `entry ${index + 1}`);
    if ('reason' in result) rejected.push(result);
    else entries.push(result);
  });
  return { entries, rejected };
}
