import { type Citation, citedPapers } from '../search/answer.js';
import type { SearchHit } from '../search/paper-index.js';
import type { Snippet } from '../search/snippet.js';
import type { Button, Card, Element, Link, Message, Source, Text } from './card.js';
import type { Paper } from './paper.js';
import { type Action, isPrivate, type Reply, type RichText } from './reply.js';

/**
 * Every word a person reads from paperbot, turned from a reply into a neutral message. Adapters add
 * only their platform's syntax: escaping, bold, links, warning signs and limits.
 */

const outside = (text: string) => ({ text, untrusted: true });

/** A reply's text with outside text in quotes, so a query reads as a quotation on every platform. */
export const quoted = (text: RichText): Text =>
  text.flatMap((part) => (typeof part === 'string' ? [part] : ['“', outside(part.untrusted), '”']));

/** A snippet with its matched words in bold. */
export function snippetText(snippet: Snippet): Text {
  const out: Text[number][] = [];
  let at = 0;
  for (const [start, end] of snippet.marks) {
    if (start > at) out.push(outside(snippet.text.slice(at, start)));
    out.push({ ...outside(snippet.text.slice(start, end)), strong: true });
    at = end;
  }
  if (at < snippet.text.length) out.push(outside(snippet.text.slice(at)));
  return out;
}

/** Where a paper's title links to: its own page, else its code, else its project page. */
export const paperUrl = (paper: Paper): string | undefined =>
  paper.links.abstract ?? paper.links.code?.[0] ?? paper.links.project?.[0];

const pageLabel = (url: string) => (new URL(url).hostname.endsWith('arxiv.org') ? 'arXiv' : 'Paper');

export function paperLinks(paper: Paper): Link[] {
  const { abstract, pdf, code = [], project = [] } = paper.links;
  return [
    ...(abstract ? [{ label: pageLabel(abstract), url: abstract }] : []),
    ...(pdf ? [{ label: 'PDF', url: pdf }] : []),
    ...code.map((url) => ({ label: 'Code', url })),
    ...project.map((url) => ({ label: 'Project page', url })),
  ];
}

const idText = (paper: Paper): Text => ['id: ', outside(paper.id)];

/** A paper with a text about it (a snippet, an abstract), its authors, date, links and id. */
function paperCard(paper: Paper, text: Text, position?: number): Card {
  const fields = [
    ...(paper.authors?.length ? [{ label: 'Authors', value: [outside(paper.authors.join(', '))] }] : []),
    ...(paper.published ? [{ label: 'Published', value: [paper.published] }] : []),
  ];
  const links = paperLinks(paper);
  const url = paperUrl(paper);
  return {
    title: [outside(paper.title)],
    ...(url ? { url } : {}),
    ...(position ? { position } : {}),
    elements: [
      ...(fields.length ? [{ kind: 'fields' as const, fields }] : []),
      { kind: 'text', text },
      ...(links.length ? [{ kind: 'links' as const, links }] : []),
      { kind: 'context', text: idText(paper) },
    ],
  };
}

/** A search hit as a card; `position` is its place in the whole list. */
export const presentHit = (hit: SearchHit, position?: number): Card =>
  paperCard(hit.paper, snippetText(hit.snippet), position);

const paperSource = (paper: Paper, number?: number): Source => {
  const url = paperUrl(paper);
  return {
    ...(number ? { number } : {}),
    title: [outside(paper.title)],
    ...(url ? { url } : {}),
    detail: idText(paper),
  };
};

/** Each cited sentence with its paper's number; each paper is numbered once, in the order first cited. */
function answerCard(citations: readonly Citation[]): Card {
  const papers = citedPapers(citations);
  const numbers = new Map(papers.map((paper, i) => [paper.id, i + 1]));
  const sentences = citations.flatMap((citation, i): Text => {
    const url = paperUrl(citation.paper);
    const ref = { text: `[${numbers.get(citation.paper.id)}]`, ...(url ? { url } : {}) };
    return [...(i ? ['\n'] : []), outside(citation.text), ' ', ref];
  });
  return {
    elements: [
      { kind: 'text', text: sentences },
      { kind: 'sources', label: ['Sources'], sources: papers.map((paper, i) => paperSource(paper, i + 1)) },
    ],
  };
}

const button = (
  id: string,
  label: string,
  action: Action | undefined,
  style: Button['style'] = 'secondary',
): Button => ({ id, label, style, ...(action ? { action } : {}) });

const prose = (content: Text, warning = false): Element => ({
  kind: 'text',
  text: content,
  ...(warning ? { warning } : {}),
});

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The place of a page's first paper in the whole list. Every page but the last is full, so the page size is
 * the number of hits shown, and the last page ends at the total.
 */
const firstPosition = ({ page, pageCount, total, hits }: Extract<Reply, { kind: 'papers' }>) =>
  page === pageCount ? total - hits.length + 1 : (page - 1) * hits.length + 1;

const empty = { subtitle: [], elements: [], cards: [], buttons: [] };

/** The reply as a message, with all its wording. */
export function present(reply: Reply): Message {
  const base = { ...empty, private: isPrivate(reply) };
  switch (reply.kind) {
    case 'papers': {
      const first = firstPosition(reply);
      return {
        ...base,
        title: quoted(reply.heading),
        subtitle: [[`page ${reply.page} of ${reply.pageCount} (${plural(reply.total, 'paper')})`]],
        elements: reply.correctedQuery ? [prose(['Showing results for “', outside(reply.correctedQuery), '”.'])] : [],
        cards: reply.hits.map((hit, i) => presentHit(hit, first + i)),
        ...(reply.prev || reply.next
          ? {
              paging: {
                page: reply.page,
                pageCount: reply.pageCount,
                prev: button('prev', '◀ Prev', reply.prev),
                next: button('next', 'Next ▶', reply.next),
              },
            }
          : {}),
      };
    }
    case 'answer':
      return { ...base, echo: ['Answer to “', outside(reply.question), '”'], cards: [answerCard(reply.citations)] };
    case 'no-answer':
      return {
        ...base,
        elements: [
          prose(['I could not find an answer to “', outside(reply.question), '” in the abstracts.']),
          ...(reply.closest.length
            ? [
                prose(['The closest papers:']),
                { kind: 'sources' as const, sources: reply.closest.map((paper) => paperSource(paper)) },
              ]
            : [prose(['No paper comes close either; try ', { text: '/paper', code: true }, ' with a few keywords.'])]),
        ],
      };
    case 'daily':
      return {
        ...base,
        title: ["📄 Today's paper"],
        subtitle: [
          ...(reply.topic ? [['Because you follow “', outside(reply.topic), '”']] : []),
          ...(reply.archive ? [['from the archive']] : []),
        ],
        cards: [paperCard(reply.paper, [outside(reply.abstract)])],
        buttons: [
          button('more', 'More like this', reply.more, 'primary'),
          button('up', '👍', reply.up),
          button('down', '👎', reply.down),
        ],
      };
    case 'notice':
      return { ...base, elements: [prose(quoted(reply.text))] };
    case 'error':
      return {
        ...base,
        elements: [
          prose(quoted(reply.text), true),
          ...(reply.usage ? [prose(['Usage: ', { command: reply.usage }])] : []),
        ],
      };
    case 'help':
      return {
        ...base,
        elements: reply.intro ? [prose(quoted(reply.intro), true)] : [],
        cards: [
          {
            title: ['paperbot commands'],
            elements: [
              prose(reply.commands.flatMap((c, i): Text => [...(i ? ['\n'] : []), { command: c }, ' ', c.description])),
            ],
          },
        ],
      };
  }
}
