import type { Paper } from '../core/paper.js';
import { categoryTerm, isFilterTerm } from '../search/filters.js';
import { type FieldTerms, paperTerms } from '../search/paper-terms.js';
import { FIELDS } from './postings.js';
import { packTerms } from './schema.js';

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
  return { terms: { ...terms, parts: [...terms.parts, ...categories] }, lengths: fieldLengths(terms), words };
}

/** Each field's number of terms, categories left out. */
export const fieldLengths = (terms: FieldTerms) =>
  FIELDS.map((field) => terms[field].filter((term) => !isFilterTerm(term)).length);

/**
 * An indexing as it crosses to another thread: its terms as stored (`packTerms`) and its words one per line. A
 * few strings copy between threads at a fraction of the cost of the hundreds they hold.
 */
export interface PackedIndexing {
  readonly terms: string;
  readonly lengths: number[];
  readonly words: string;
}

export const packIndexing = ({ terms, lengths, words }: Indexing): PackedIndexing => ({
  terms: packTerms(terms),
  lengths,
  words: [...words].join('\n'),
});

export function unpackIndexing(packed: PackedIndexing): Indexing {
  const [title = [], abstract = [], authors = [], parts = []] = packed.terms
    .split('\n')
    .map((line) => (line ? line.split(' ') : []));
  return {
    terms: { title, abstract, authors, parts },
    lengths: packed.lengths,
    words: packed.words ? packed.words.split('\n') : [],
  };
}
