import { readableLatex } from '../core/latex.js';
import type { Paper } from '../core/paper.js';
import { paperUrl } from '../core/present.js';
import { splitName } from './names.js';

/** A Zotero item as the Web API v3 takes it: the fields of item type `preprint` that a paper fills. */
export interface ZoteroItem {
  readonly itemType: 'preprint';
  readonly title: string;
  readonly creators: readonly (
    | { creatorType: 'author'; firstName: string; lastName: string }
    | { creatorType: 'author'; name: string }
  )[];
  readonly abstractNote: string;
  readonly date: string;
  readonly url: string;
  readonly archiveID: string;
  readonly repository: string;
  readonly DOI: string;
  readonly extra: string;
  readonly tags: readonly { tag: string }[];
}

// A one-word name (an organisation, a mononym) goes in Zotero's single-field form.
const creator = (name: string): ZoteroItem['creators'][number] => {
  const { first, last } = splitName(readableLatex(name));
  return first ? { creatorType: 'author', firstName: first, lastName: last } : { creatorType: 'author', name: last };
};

/** The paper as a Zotero preprint, with arXiv as its repository when it has an arXiv id. */
export function preprintItem(paper: Paper): ZoteroItem {
  const url = paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : (paperUrl(paper) ?? '');
  return {
    itemType: 'preprint',
    title: readableLatex(paper.title),
    creators: (paper.authors ?? []).map(creator),
    abstractNote: readableLatex(paper.abstract),
    date: paper.published ?? '',
    url,
    archiveID: paper.arxivId ? `arXiv:${paper.arxivId}` : '',
    repository: paper.arxivId ? 'arXiv' : '',
    DOI: paper.doi ?? '',
    extra: paper.journal ? `Published in: ${paper.journal}` : '',
    tags: [{ tag: 'paperbot' }],
  };
}
