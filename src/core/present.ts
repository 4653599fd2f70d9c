import { askAboutPaper } from '../answers/ask-paper-action.js';
import type { CitedSentence } from '../answers/citations.js';
import { type Citation, citedPapers } from '../search/answer.js';
import type { SearchHit } from '../search/paper-index.js';
import type { Snippet } from '../search/snippet.js';
import type { Tldr } from '../search/tldr.js';
import type { Button, Card, Element, Link, Message, Source, Text } from './card.js';
import { formulaRanges, readableLatex } from './latex.js';
import type { Paper } from './paper.js';
import { type Action, isPrivate, type LlmFallback, type ReadingListEntry, type Reply, type RichText } from './reply.js';

/**
 * Every word a person reads from paperbot, turned from a reply into a neutral message. Adapters add
 * only their platform's syntax: escaping, bold, links, warning signs and limits.
 */

const outside = (text: string) => ({ text, untrusted: true });

/** A reply's text with outside text in quotes, so a query reads as a quotation on every platform. */
export const quoted = (text: RichText): Text =>
  text.flatMap((part) => (typeof part === 'string' ? [part] : ['“', outside(part.untrusted), '”']));

/** Text from a paper (title, abstract, a sentence of it) with its LaTeX shown readably. */
const fromPaper = (text: string) => outside(readableLatex(text));

/** A snippet with its matched words in bold (none inside a formula, which is shown whole and readable). */
export function snippetText(snippet: Snippet): Text {
  const formulas = formulaRanges(snippet.text);
  const marks = snippet.marks.filter(([start, end]) => !formulas.some(([from, to]) => start < to && end > from));
  const out: Text[number][] = [];
  let at = 0;
  for (const [start, end] of marks) {
    if (start > at) out.push(fromPaper(snippet.text.slice(at, start)));
    out.push({ ...fromPaper(snippet.text.slice(start, end)), strong: true });
    at = end;
  }
  if (at < snippet.text.length) out.push(fromPaper(snippet.text.slice(at)));
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
    title: [fromPaper(paper.title)],
    ...(url ? { url } : {}),
    ...(position ? { position } : {}),
    elements: [
      ...(fields.length ? [{ kind: 'fields' as const, fields }] : []),
      { kind: 'text', text },
      ...(links.length ? [{ kind: 'links' as const, links }] : []),
      { kind: 'context', text: idText(paper) },
    ],
    buttons: [askButton(paper), saveButton(paper)],
  };
}

// A short name tells the buttons of a list apart where they share one row: the title up to its colon.
const SHORT_NAME_LENGTH = 40;
const shortName = (title: string) => {
  const name = title.split(':')[0]!.trim();
  return name.length <= SHORT_NAME_LENGTH ? name : `${name.slice(0, SHORT_NAME_LENGTH - 1).trimEnd()}…`;
};

/** Opens a form for a question about the paper; the answer goes into a thread under the card. */
const askButton = (paper: Paper): Button => ({
  ...button('ask', 'Ask about this paper', askAboutPaper(paper.id)),
  shortLabel: `Ask about ${shortName(paper.title)}`,
});

/** Adds the paper to the channel's reading list. */
const saveButton = (paper: Paper): Button => ({
  ...button('save', 'Save', { command: 'save', args: { paper: paper.id } }),
  shortLabel: `Save ${shortName(paper.title)}`,
});

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A saved paper: its authors, the saver's note, when it was saved and read, and buttons to mark it read or cite it. */
function savedCard({ paper, saved }: ReadingListEntry, position: number): Card {
  const status = saved.readAt === null ? 'unread' : `read ${day(saved.readAt)}`;
  const args = { paper: paper.id };
  return {
    title: [fromPaper(paper.title)],
    ...(paperUrl(paper) ? { url: paperUrl(paper) } : {}),
    position,
    elements: [
      ...(paper.authors?.length
        ? [{ kind: 'fields' as const, fields: [{ label: 'Authors', value: [outside(paper.authors.join(', '))] }] }]
        : []),
      ...(saved.note ? [prose([{ text: 'Note: ', strong: true }, outside(saved.note)])] : []),
      { kind: 'context', text: [`Saved ${day(saved.savedAt)} · ${status} · `, ...idText(paper)] },
    ],
    buttons: [
      ...(saved.readAt === null
        ? [{ ...button('read', 'Mark read', { command: 'read', args }), shortLabel: `Read: ${shortName(paper.title)}` }]
        : []),
      { ...button('cite', 'Cite', { command: 'cite', args }), shortLabel: `Cite ${shortName(paper.title)}` },
    ],
  };
}

/** A paper in short: the TL;DR's problem, method and result lines, then Hugging Face's AI summary if any. */
function summaryCard(paper: Paper, tldr: Tldr): Card {
  const parts = [
    ['Problem: ', tldr.problem],
    ['Method: ', tldr.method],
    ['Result: ', tldr.result],
  ] as const;
  const lines = parts
    .filter(([, text]) => text)
    .flatMap(([label, text]): Text => ['\n', { text: label, strong: true }, fromPaper(text ?? '')]);
  const summary: Text = paper.aiSummary
    ? ['\n\n', { text: 'AI summary (Hugging Face): ', strong: true }, fromPaper(paper.aiSummary)]
    : [];
  return paperCard(paper, [{ text: 'TL;DR', strong: true }, ...lines, ...summary]);
}

/** A search hit as a card; `position` is its place in the whole list. */
export const presentHit = (hit: SearchHit, position?: number): Card =>
  paperCard(hit.paper, snippetText(hit.snippet), position);

const paperSource = (paper: Paper, number?: number): Source => {
  const url = paperUrl(paper);
  return {
    ...(number ? { number } : {}),
    title: [fromPaper(paper.title)],
    ...(url ? { url } : {}),
    detail: idText(paper),
  };
};

const FACT_LABELS = {
  code: 'Code: ',
  project: 'Project page: ',
  pdf: 'PDF: ',
  page: 'Paper: ',
  authors: 'Written by ',
  published: 'Published on ',
} as const;

/** A quoted sentence, or a fact from the paper's metadata in words: a link to follow, its authors, its date. */
const citationText = ({ text, fact }: Citation): Text => {
  if (!fact) return [fromPaper(text)];
  const value = fact === 'authors' || fact === 'published' ? outside(text) : { ...outside(text), url: text };
  return [FACT_LABELS[fact], value];
};

/** Each cited sentence with its paper's number; each paper is numbered once, in the order first cited. */
function answerCard(citations: readonly Citation[]): Card {
  const papers = citedPapers(citations);
  const numbers = new Map(papers.map((paper, i) => [paper.id, i + 1]));
  const sentences = citations.flatMap((citation, i): Text => {
    const url = paperUrl(citation.paper);
    const ref = { text: `[${numbers.get(citation.paper.id)}]`, ...(url ? { url } : {}) };
    return [...(i ? ['\n'] : []), ...citationText(citation), ' ', ref];
  });
  return {
    elements: [
      { kind: 'text', text: sentences },
      { kind: 'sources', label: ['Sources'], sources: papers.map((paper, i) => paperSource(paper, i + 1)) },
    ],
  };
}

/** A model's answer: each sentence with the numbers of the papers it cites, numbered in the order first cited. */
function writtenCard(sentences: readonly CitedSentence[], model: string, writing: boolean): Card {
  const papers = [...new Map(sentences.flatMap((s) => s.papers).map((paper) => [paper.id, paper])).values()];
  const numbers = new Map(papers.map((paper, i) => [paper.id, i + 1]));
  const text = sentences.flatMap((sentence, i): Text => {
    const refs = sentence.papers.flatMap((paper): Text => {
      const url = paperUrl(paper);
      return [{ text: `[${numbers.get(paper.id)}]`, ...(url ? { url } : {}) }];
    });
    return [...(i ? ['\n'] : []), outside(sentence.text), ' ', ...refs];
  });
  return {
    elements: [
      { kind: 'text', text: writing ? [...text, ' …'] : text },
      { kind: 'sources', label: ['Sources'], sources: papers.map((paper, i) => paperSource(paper, i + 1)) },
      {
        kind: 'context',
        text: writing
          ? ['✍️ ', outside(model), ' is writing…']
          : ['Written by ', outside(model), ' from these abstracts.'],
      },
    ],
  };
}

/** Why quoted sentences stand where a language model would have written the answer. */
const fallbackNote = (fallback: LlmFallback | undefined): Element[] => {
  if (!fallback) return [];
  return [
    {
      kind: 'context',
      text: [
        fallback.reason === 'busy'
          ? `This channel has had its written answers for now (more in ${fallback.retryAfterSeconds} s), so these sentences are quoted from the abstracts.`
          : 'The language model did not answer, so these sentences are quoted from the abstracts.',
      ],
    },
  ];
};

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
const firstPosition = ({
  page,
  pageCount,
  total,
  hits,
}: {
  page: number;
  pageCount: number;
  total: number;
  hits: readonly unknown[];
}) => (page === pageCount ? total - hits.length + 1 : (page - 1) * hits.length + 1);

const empty = { subtitle: [], elements: [], cards: [], buttons: [] };

/** The form a paper's Ask button opens (Discord modal, Slack view): short, as Slack allows 24 characters. */
export const QUESTION_FORM = {
  title: 'Ask about this paper',
  label: 'Your question',
  placeholder: 'e.g. What data was it trained on?',
  submit: 'Ask',
} as const;

/** The thread under a paper's card where questions about it are answered (Discord allows 100 characters). */
export const threadName = (paper: Paper | undefined): string =>
  paper ? `Questions: ${shortName(paper.title)}` : 'Questions about this paper';

/** What a paged list of papers carries, whatever it lists. */
type PagedList = { page: number; pageCount: number; total: number; prev?: Action; next?: Action };

/** A list's place among its pages: "page 2 of 5 (23 papers)". */
const pageLine = (list: PagedList): Text => [`page ${list.page} of ${list.pageCount} (${plural(list.total, 'paper')})`];

/** Prev/Next under a list, when it has another page. */
const pagingOf = (list: PagedList) =>
  list.prev || list.next
    ? {
        paging: {
          page: list.page,
          pageCount: list.pageCount,
          prev: button('prev', '◀ Prev', list.prev),
          next: button('next', 'Next ▶', list.next),
        },
      }
    : {};

/** The reply as a message, with all its wording. */
export function present(reply: Reply): Message {
  const base = { ...empty, private: isPrivate(reply) };
  switch (reply.kind) {
    case 'papers': {
      const first = firstPosition(reply);
      return {
        ...base,
        title: quoted(reply.heading),
        subtitle: [pageLine(reply)],
        elements: reply.correctedQuery ? [prose(['Showing results for “', outside(reply.correctedQuery), '”.'])] : [],
        cards: reply.hits.map((hit, i) => presentHit(hit, first + i)),
        ...pagingOf(reply),
      };
    }
    case 'answer':
      return {
        ...base,
        echo: ['Answer to “', outside(reply.question), '”'],
        elements: fallbackNote(reply.fallback),
        cards: [answerCard(reply.citations)],
      };
    case 'written-answer':
      return {
        ...base,
        echo: ['Answer to “', outside(reply.question), '”'],
        cards: [writtenCard(reply.sentences, reply.model, reply.writing === true)],
      };
    case 'no-answer':
      return {
        ...base,
        elements: [
          ...fallbackNote(reply.fallback),
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
        cards: [paperCard(reply.paper, [fromPaper(reply.abstract)])],
        buttons: [
          button('more', 'More like this', reply.more, 'primary'),
          button('up', '👍', reply.up),
          button('down', '👎', reply.down),
        ],
      };
    case 'digest':
      return {
        ...base,
        title: ["📚 This week's top papers"],
        subtitle: [[`week ${reply.week}`], ['voted up here, then most upvoted on Hugging Face']],
        cards: reply.hits.map((hit, i) => presentHit(hit, i + 1)),
      };
    case 'unfolded':
      return { ...base, cards: [paperCard(reply.paper, [fromPaper(reply.abstract)])] };
    case 'summary':
      return { ...base, cards: [summaryCard(reply.paper, reply.tldr)] };
    case 'reading-list': {
      const first = firstPosition({ ...reply, hits: reply.entries });
      return {
        ...base,
        title: quoted(reply.heading),
        subtitle: [pageLine(reply)],
        cards: reply.entries.map((entry, i) => savedCard(entry, first + i)),
        ...pagingOf(reply),
        buttons: [button('export', 'Export .bib', reply.export)],
      };
    }
    case 'citation': {
      const url = paperUrl(reply.paper);
      return {
        ...base,
        echo: ['BibTeX for “', fromPaper(reply.paper.title), '”'],
        cards: [
          {
            title: [fromPaper(reply.paper.title)],
            ...(url ? { url } : {}),
            elements: [{ kind: 'code', code: reply.bibtex }],
          },
        ],
      };
    }
    case 'file':
      return { ...base, elements: [prose(quoted(reply.text))], file: reply.file };
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
