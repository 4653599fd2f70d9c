import type { Paper, PaperId } from '../core/paper.js';
import type { PaperSummary } from '../library/library.js';
import type { Filters } from './filters.js';
import { topK } from './top-k.js';
import type { Vocabulary } from './vocabulary.js';

/** What an engine is asked: weighted index terms, and per typed word how telling it is and which terms stand for it. */
export interface WeightedQuery {
  readonly terms: ReadonlyMap<string, number>;
  /** Per typed word, how telling it is and the terms standing for it: every term of `terms` is some word's. */
  readonly words: readonly { readonly weight: number; readonly terms: readonly string[] }[];
  /** The typed words as a title would hold them, spaced for `includes` on a spaced title (none for one word). */
  readonly typed?: string;
  /** The terms of the words typed in full, rarest first: every title holding the typed words has them all. */
  readonly anchors?: readonly string[];
}

/** A paper an engine matched (`doc`: its own number for the paper): BM25 and the share of the query's words it has. */
export interface Match {
  readonly doc: number;
  readonly score: number;
  readonly coverage: number;
}

/** What differs between holding papers in memory (minisearch) and on disk (the library's posting lists). */
export interface Engine {
  readonly size: number;
  get(id: PaperId): Paper | undefined;
  byTitle(title: string): Paper | undefined;
  newest(limit: number, offset: number): Paper[];
  /** The `limit` best matches by relevance (BM25 weighed by coverage), of the allowed docs when given. */
  match(query: WeightedQuery, limit: number, allowed?: Uint8Array): Match[];
  /** Per doc number, 1 for a paper the filters allow: one array, so a filtered query costs a lookup per match. */
  allowed(filters: Filters): Uint8Array;
  /** A doc's publication day as yyyymmdd (0: unknown). */
  day(doc: number): number;
  /**
   * Up to `limit` allowed docs whose spaced title holds the needle, the shortest titles (most of them typed) first:
   * what a query of stop words alone ("to be or not to be") finds.
   */
  titled(needle: string, allowed: Uint8Array | undefined, limit: number): number[];
  /** Whether a paper with the term in its title has the needle in it (typed words a title holds are not typos). */
  titleHolds(term: string, needle: string): boolean;
  /** What re-ranking reads of matched papers. */
  summaries(docs: readonly number[]): ReadonlyMap<number, PaperSummary>;
  /** Papers in the order asked (undefined for one gone since it matched). */
  papers(docs: readonly number[]): (Paper | undefined)[];
  /** Reads again what another process (an ingest) has changed since; called before each search. */
  refresh(): void;
  documentFrequency(term: string): number;
  vocabulary(): Vocabulary;
  canonicalId(id: PaperId): PaperId;
}

// Of the matches re-ranked, at most this share are picked for holding the typed words in their title.
const TITLE_SHARE = 0.5;

/**
 * The matches to re-rank: the most relevant, and the most relevant of those whose title holds the typed words
 * word for word. A title typed from memory ("language models using") finds its paper even when its words are
 * in thousands of papers and other titles are shorter.
 */
export function pickMatches(
  docs: ArrayLike<number>,
  relevanceOf: (doc: number) => number,
  typedTitles: readonly number[],
  limit: number,
): number[] {
  const mostRelevant = topK(docs, relevanceOf, limit);
  const chosen = new Set(mostRelevant);
  const titled = topK(
    typedTitles.filter((doc) => !chosen.has(doc)),
    relevanceOf,
    Math.ceil(limit * TITLE_SHARE),
  );
  return [...mostRelevant, ...titled];
}
