import type { Paper } from '../core/paper.js';
import { categoryTerm, isFilterTerm } from '../search/filters.js';
import { type FieldTerms, paperTerms } from '../search/paper-terms.js';
import { FIELDS } from './postings.js';

/**
 * What the library stores and indexes of a paper: its terms by field, with its categories as terms of the
 * parts field (so `cat:cs.LG` is one posting list, read like any term; no typed word can become one), each
 * field's length without them, so BM25 is as without categories, and its words for the vocabulary.
 */
export function indexingOf(paper: Paper): { terms: FieldTerms; lengths: number[]; words: Set<string> } {
  const { terms, words } = paperTerms(paper);
  const categories = (paper.categories ?? []).map(categoryTerm);
  return { terms: { ...terms, parts: [...terms.parts, ...categories] }, lengths: fieldLengths(terms), words };
}

/** Each field's number of terms, categories left out. */
export const fieldLengths = (terms: FieldTerms) =>
  FIELDS.map((field) => terms[field].filter((term) => !isFilterTerm(term)).length);
