import type { Paper } from '../core/paper.js';
import { indexTerms, nameParts } from '../core/text.js';
import { surfaceForms } from './vocabulary.js';

/** A paper's index terms by field: what both search engines index and re-rank by, computed once per paper. */
export interface FieldTerms {
  readonly title: readonly string[];
  readonly abstract: readonly string[];
  readonly authors: readonly string[];
  readonly parts: readonly string[];
}

const authorsText = (paper: Paper) => (paper.authors ?? []).join(', ');

export function fieldTerms(paper: Paper): FieldTerms {
  return {
    title: indexTerms(paper.title),
    abstract: indexTerms(paper.abstract),
    authors: indexTerms(authorsText(paper)),
    parts: nameParts(`${paper.title} ${paper.abstract}`),
  };
}

/** The words a paper uses as people type them, for the vocabulary (typo correction, completion). */
export const paperWords = (paper: Paper): Set<string> =>
  surfaceForms(`${paper.title}\n${paper.abstract}\n${authorsText(paper)}`);
