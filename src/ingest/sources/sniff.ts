export type FileFormat = 'jsonl' | 'arxiv-atom' | 'arxiv-rss' | 'hf-json' | 'seed-page';

// The first element's name, past an XML declaration, comments and a doctype.
const FIRST_ELEMENT = /<(?![?!])(?:[\w.-]+:)?([\w.-]+)/;

/**
 * Which reader a file needs, from its first bytes. A gzipped file is taken as the corpus JSON Lines, the
 * only format paperbot reads compressed; anything that is not JSON or a feed is a saved trending page.
 */
export function sniffFormat(head: Buffer): FileFormat {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'jsonl';
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('[')) return 'hf-json';
  if (text.startsWith('{')) return 'jsonl';
  if (!text.startsWith('<')) return 'seed-page';
  const element = FIRST_ELEMENT.exec(text)?.[1];
  if (element === 'feed') return 'arxiv-atom';
  if (element === 'rss') return 'arxiv-rss';
  return 'seed-page';
}
