import { readableLatex } from '../core/latex.js';
import type { Paper } from '../core/paper.js';
import { paperUrl } from '../core/present.js';
import { splitName } from './names.js';

/**
 * RIS for papers (EndNote, Zotero, Mendeley import it): one tagged line a field, `ER` ending each record.
 * A preprint is UNPB (unpublished work), a paper with a journal JOUR.
 */

// RIS values are single lines.
const line = (tag: string, value: string) => `${tag}  - ${value.replace(/\s+/g, ' ').trim()}`;

const authorLine = (name: string) => {
  const { first, last } = splitName(readableLatex(name));
  return line('AU', first ? `${last}, ${first}` : last);
};

export function risRecord(paper: Paper): string {
  const url = paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : paperUrl(paper);
  return [
    line('TY', paper.journal ? 'JOUR' : 'UNPB'),
    line('TI', readableLatex(paper.title)),
    ...(paper.authors ?? []).map(authorLine),
    ...(paper.published
      ? [line('PY', paper.published.slice(0, 4)), line('DA', paper.published.replace(/-/g, '/'))]
      : []),
    ...(paper.abstract ? [line('AB', readableLatex(paper.abstract))] : []),
    ...(paper.journal ? [line('JO', paper.journal)] : []),
    ...(paper.doi ? [line('DO', paper.doi)] : []),
    ...(paper.arxivId ? [line('AN', `arXiv:${paper.arxivId}`), line('DB', 'arXiv')] : []),
    ...(url ? [line('UR', url)] : []),
    'ER  - ',
  ].join('\n');
}

/** A whole `.ris` file. */
export const risFile = (papers: readonly Paper[]): string => `${papers.map(risRecord).join('\n\n')}\n`;
