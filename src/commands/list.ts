import { z } from 'zod';
import type { Attachment } from '../core/card.js';
import { normaliseTitle } from '../core/paper.js';
import type { ReadingListEntry, Reply } from '../core/reply.js';
import { bibtexFile } from '../team/bibtex.js';
import { risFile } from '../team/ris.js';
import { MAX_QUERY_LENGTH, optionalText, page, quote } from './args.js';
import { define } from './command.js';
import { pageWindow } from './pages.js';
import { savedEntries } from './saved-paper.js';

const EXPORT = /^export(?:\s+(bib|bibtex|ris))?$/i;

const EMPTY: Reply = {
  kind: 'notice',
  text: ["This channel's reading list is empty. Save a paper with the Save button under it, or /paper save <paper>."],
};

/** Whether every word of the query is in the saved paper's title, abstract or note. */
const matches = (words: readonly string[], { paper, saved }: ReadingListEntry) => {
  const text = normaliseTitle(`${paper.title} ${paper.abstract} ${saved.note ?? ''}`);
  return words.every((word) => text.includes(word));
};

function exportFile(entries: readonly ReadingListEntry[], format: 'bib' | 'ris'): Reply {
  if (entries.length === 0) return EMPTY;
  const papers = entries.map((entry) => entry.paper);
  const file: Attachment =
    format === 'ris'
      ? { name: 'reading-list.ris', mimeType: 'application/x-research-info-systems', content: risFile(papers) }
      : { name: 'reading-list.bib', mimeType: 'application/x-bibtex', content: bibtexFile(papers) };
  const count = `${papers.length} paper${papers.length === 1 ? '' : 's'}`;
  return {
    kind: 'file',
    text: [`This channel's reading list, ${count}, as ${format === 'ris' ? 'RIS' : 'BibTeX'}.`],
    file,
  };
}

export const list = define({
  name: 'list',
  helpAsPaperSubcommand: true,
  description: "Show this channel's reading list (words filter it); `export [bib|ris]` sends it as a file.",
  surfaces: ['console', 'discord', 'slack', 'shell'],
  args: z.object({
    query: optionalText(MAX_QUERY_LENGTH, 'words to look for in the saved papers, or export [bib|ris]'),
    page,
  }),
  hint: '[query | export [bib|ris]]',
  access: 'anyone',
  async run({ query, page: pageNumber }, context) {
    const entries = savedEntries(context);
    const exporting = query ? EXPORT.exec(query) : null;
    if (exporting) return exportFile(entries, exporting[1]?.toLowerCase() === 'ris' ? 'ris' : 'bib');
    if (entries.length === 0) return EMPTY;
    const words = query ? normaliseTitle(query).split(' ').filter(Boolean) : [];
    const found = entries.filter((entry) => matches(words, entry));
    if (found.length === 0) return { kind: 'notice', text: ['No saved paper matches ', quote(query ?? ''), '.'] };
    const { limit, offset } = pageWindow(pageNumber, context);
    const pageCount = Math.max(1, Math.ceil(found.length / limit));
    if (pageNumber > pageCount)
      return { kind: 'error', text: [`There is no page ${pageNumber}; the last is ${pageCount}.`] };
    const action = (p: number) => ({ command: 'list', args: { ...(query ? { query } : {}), page: p } });
    return {
      kind: 'reading-list',
      heading: query ? ['Reading list: ', quote(query)] : ["This channel's reading list"],
      entries: found.slice(offset, offset + limit),
      page: pageNumber,
      pageCount,
      total: found.length,
      ...(pageNumber > 1 ? { prev: action(pageNumber - 1) } : {}),
      ...(pageNumber < pageCount ? { next: action(pageNumber + 1) } : {}),
      export: { command: 'list', args: { query: 'export' } },
    };
  },
});
