import type { Paper } from '../core/paper.js';
import { categoryTerm } from '../search/filters.js';
import { type FieldTerms, paperTerms } from '../search/paper-terms.js';
import { FIELDS } from './postings.js';

/** What the library stores and indexes of a paper. */
export interface Indexing {
  readonly terms: FieldTerms;
  /** Each field's number of terms, categories left out. */
  readonly lengths: number[];
  /** The words it uses, for the vocabulary. */
  readonly words: Iterable<string>;
}

/**
 * What the library stores and indexes of a paper: its terms by field, with its categories as terms of the
 * parts field (so `cat:cs.LG` is one posting list, read like any term; no typed word can become one), each
 * field's length without them, so BM25 is as without categories, and its words for the vocabulary.
 */
export function indexingOf(paper: Paper): Indexing {
  const { terms, words } = paperTerms(paper);
  const categories = (paper.categories ?? []).map(categoryTerm);
  // The lengths before the categories join the parts: a category is never a term of the text.
  const lengths = FIELDS.map((field) => terms[field].length);
  return { terms: { ...terms, parts: [...terms.parts, ...categories] }, lengths, words };
}
