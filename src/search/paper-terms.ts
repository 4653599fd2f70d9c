import type { Paper } from '../core/paper.js';
import { readText } from '../core/text.js';

/** A paper's index terms by field: what both search engines index and re-rank by, computed once per paper. */
export interface FieldTerms {
  readonly title: readonly string[];
  readonly abstract: readonly string[];
  readonly authors: readonly string[];
  readonly parts: readonly string[];
}

/**
 * A paper's index terms by field and the words it uses as people type them (for the vocabulary: typo
 * correction, completion), from one reading of its text.
 */
export function paperTerms(paper: Paper): { terms: FieldTerms; words: Set<string> } {
  const title: string[] = [];
  const abstract: string[] = [];
  const authors: string[] = [];
  const parts: string[] = [];
  const words = new Set<string>();
  readText(paper.title, title, words, parts);
  readText(paper.abstract, abstract, words, parts);
  readText((paper.authors ?? []).join(', '), authors, words);
  return { terms: { title, abstract, authors, parts }, words };
}

export const paperWords = (paper: Paper): Set<string> => paperTerms(paper).words;
