import type { Paper, PaperId } from '../core/paper.js';
import { isStopWord } from '../core/text.js';
import type { Library } from '../library/library.js';
import { diskEngine } from './disk-engine.js';
import type { Engine, WeightedQuery } from './engine.js';
import { memoryEngine } from './memory-engine.js';
import { pageOf } from './paging.js';
import { planQuery, type QueryPlan, type QueryUnit } from './query.js';
import { inverseFrequency, type Ranked, type RankedPlan, rerank } from './rank.js';
import type { Snippet } from './snippet.js';
import { weighQuery } from './weigh.js';

export interface SearchHit {
  readonly paper: Paper;
  /** How well the paper matches; the order of hits also puts titles typed word for word first, so it may not fall. */
  readonly score: number;
  readonly snippet: Snippet;
}

export interface SearchPage {
  /** How many papers matched in all. */
  readonly total: number;
  readonly hits: readonly SearchHit[];
  readonly plan: QueryPlan;
}

export interface SearchOptions {
  readonly offset?: number;
  readonly limit?: number;
  /** Papers never to return (a paper is not "similar" to itself). */
  readonly exclude?: ReadonlySet<PaperId>;
  /** How many matches to rank at most (a person pages through 50; the daily choice looks deeper). */
  readonly depth?: number;
  /** Skip snippets when nobody reads them (the daily choice ranks hundreds of papers per topic). */
  readonly snippets?: boolean;
}

/** The searchable collection of papers, whichever engine holds it. */
export interface PaperIndex {
  readonly size: number;
  get(id: PaperId): Paper | undefined;
  /** The paper with this title (any case, spacing or punctuation). */
  byTitle(title: string): Paper | undefined;
  /** Papers newest first (then most upvoted, then in collection order), a page at a time. */
  newest(limit: number, offset?: number): Paper[];
  search(text: string, options?: SearchOptions): SearchPage;
  /** Searches for precomputed units of index terms ("similar", whose query is a paper, not typed text). */
  searchUnits(units: readonly QueryUnit[], options?: SearchOptions): Omit<SearchPage, 'plan'>;
  /** Inverse document frequency of an index term; rare terms say more about a paper. */
  idf(term: string): number;
  /** The collection's commonest content words starting with a prefix (topic suggestions). */
  commonWords(prefix: string, limit: number): string[];
  /** The id a paper has now, for an id it once had (a seed later found on arXiv). */
  canonicalId(id: PaperId): PaperId;
}

// Matches re-ranked per query: far more than a page, few enough to read and re-rank in a millisecond. (200
// found no more known items on the arXiv benchmark and cost 2 ms more per query.)
const CANDIDATES = 100;

/** Search over an engine: the query weighed, matched by the engine, re-ranked, and one page of it read. */
function createIndex(engine: Engine): PaperIndex {
  const idf = (term: string) => inverseFrequency(engine.documentFrequency(term), engine.size);
  const hasTerm = (term: string) => engine.documentFrequency(term) > 0;

  function rank(plan: RankedPlan, query: WeightedQuery, options: SearchOptions): Ranked[] {
    if (query.terms.size === 0) return [];
    const matches = engine.match(query, Math.max(CANDIDATES, options.depth ?? 0));
    return rerank(matches, engine.summaries(matches.map((match) => match.doc)), plan, query.typed, options);
  }

  function page(plan: RankedPlan, options: SearchOptions) {
    const query = weighQuery(plan, idf, (term) => engine.documentFrequency(term));
    const ranked = rank(plan, query, options);
    const weightOf = (term: string) => (query.terms.has(term) ? idf(term) * query.terms.get(term)! : undefined);
    return pageOf(ranked, options, (docs) => engine.papers(docs), weightOf);
  }

  return {
    get size() {
      return engine.size;
    },
    get: (id) => engine.get(id),
    byTitle: (title) => engine.byTitle(title),
    newest: (limit, offset = 0) => engine.newest(limit, offset),
    search(text, options = {}) {
      engine.refresh();
      const plan = planQuery(text, engine.vocabulary(), hasTerm);
      return { ...page(plan, options), plan };
    },
    searchUnits(units, options = {}) {
      engine.refresh();
      return page({ units, compact: '', phrase: '', stillTyping: false }, options);
    },
    idf,
    commonWords: (prefix, limit) =>
      engine
        .vocabulary()
        .complete(prefix, limit * 4 + 50)
        .filter((word) => word.length >= 3 && !isStopWord(word) && !/\d/.test(word))
        .slice(0, limit),
    canonicalId: (id) => engine.canonicalId(id),
  };
}

/** An index of papers held in memory (the seeds, tests). */
export const buildIndex = (papers: readonly Paper[], canonicalId: (id: PaperId) => PaperId = (id) => id): PaperIndex =>
  createIndex(memoryEngine(papers, canonicalId));

// Up to this size the whole collection is loaded and indexed in memory at start (fast to build, fastest to
// query); beyond it, search reads the library's posting lists on disk so a restart needs no rebuild.
export const IN_MEMORY_LIMIT = 5_000;

/** The index for the library: in memory while it is small, on disk when it is large. */
export function indexLibrary(library: Library): PaperIndex {
  return library.count() <= IN_MEMORY_LIMIT
    ? buildIndex([...library.all()], library.canonicalId)
    : createIndex(diskEngine(library));
}

/** The on-disk engine whatever the size (benchmarks and tests compare the two on the same papers). */
export const libraryIndex = (library: Library): PaperIndex => createIndex(diskEngine(library));
