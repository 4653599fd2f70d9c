import type { Paper } from '../core/paper.js';
import type { FieldTerms } from '../search/paper-terms.js';
import { indexingOf } from './indexing.js';
import { FIELDS, type PackedPostings, packPostings } from './postings.js';
import { packTerms } from './schema.js';

/**
 * A batch of papers indexed in another thread (a bulk ingest's reader), ready to be written: each paper's terms
 * as stored and its field lengths, the batch's words with how many of its papers use each, and its posting
 * lists with each paper numbered by its place in the batch. When every paper of the batch is new, the writer
 * then only writes: it numbers them by their row ids and adds the word counts as they are.
 */
export interface PreparedBatch {
  /** Per paper, its terms as stored (`packTerms`). */
  readonly terms: string[];
  /** Per paper, FIELDS.length field lengths. */
  readonly lengths: Uint32Array;
  /** Sorted. */
  readonly words: string[];
  readonly wordCounts: Uint32Array;
  readonly postings: PackedPostings;
}

export function prepareBatch(papers: readonly Paper[]): PreparedBatch {
  const terms: string[] = [];
  const lengths = new Uint32Array(papers.length * FIELDS.length);
  const byPlace = new Map<number, FieldTerms>();
  const counts = new Map<string, number>();
  papers.forEach((paper, place) => {
    const indexing = indexingOf(paper);
    terms.push(packTerms(indexing.terms));
    lengths.set(indexing.lengths, place * FIELDS.length);
    byPlace.set(place, indexing.terms);
    for (const word of indexing.words) counts.set(word, (counts.get(word) ?? 0) + 1);
  });
  // The default sort is by UTF-16 code units, as `<` compares, and needs no call per comparison.
  const words = [...counts.keys()].sort();
  const wordCounts = Uint32Array.from(words, (word) => counts.get(word)!);
  return { terms, lengths, words, wordCounts, postings: packPostings(byPlace) };
}

/** What crosses to the writing thread without a copy: the batch's typed arrays' memory. */
export const movedMemory = (batch: PreparedBatch): ArrayBuffer[] =>
  [
    batch.lengths.buffer,
    batch.wordCounts.buffer,
    batch.postings.ends.buffer,
    batch.postings.bytes.buffer,
  ] as ArrayBuffer[];
