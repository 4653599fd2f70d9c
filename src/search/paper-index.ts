import type { Paper, PaperId } from '../core/paper.js';
import { isStopWord } from '../core/text.js';
import type { Library } from '../library/library.js';
import { diskEngine } from './disk-engine.js';
import type { Engine, WeightedQuery } from './engine.js';
import { type Filters, narrows, parseFilters } from './filters.js';
import { memoryEngine } from './memory-engine.js';
import { pageOf } from './paging.js';
import { planQuery, type QueryPlan, type QueryUnit } from './query.js';
import { inverseFrequency, type Ranked, type RankedPlan, rerank } from './rank.js';
import type { Snippet } from './snippet.js';
import { topK } from './top-k.js';
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
// Sorted newest first, the newest of this many relevant matches are shown.
const NEWEST_DEPTH = 300;
// Papers listed for a query of stop words or filters alone.
const MAX_LISTED = 50;
// Sorted by date, matches below this share of the best one's relevance are left out: "newest" means newest
// about the topic, not newest mentioning one of its words.
const NEWEST_FLOOR = 0.3;

/** Search over an engine: the query weighed, matched by the engine, re-ranked, and one page of it read. */
function createIndex(engine: Engine): PaperIndex {
  const idf = (term: string) => inverseFrequency(engine.documentFrequency(term), engine.size);
  const hasTerm = (term: string) => engine.documentFrequency(term) > 0;

  /** Docs in an order of their own (titles holding stop words, dates), as ranked hits, all scored alike. */
  function listed(docs: readonly number[]): Ranked[] {
    const summaries = engine.summaries(docs);
    return docs.flatMap((doc) => {
      const summary = summaries.get(doc);
      return summary ? [{ doc, summary, base: 1, score: 1 }] : [];
    });
  }

  const newestFirst = (docs: number[]) => docs.sort((a, b) => engine.day(b) - engine.day(a));

  /** Matches of the query's terms, re-ranked; newest first, the weak ones left out, when sorted by date. */
  function matched(
    plan: RankedPlan,
    query: WeightedQuery,
    options: SearchOptions,
    filters: Filters,
    allowed?: Uint8Array,
  ) {
    const byDate = filters.sort === 'new';
    const depth = byDate ? Math.max(NEWEST_DEPTH, options.depth ?? 0) : options.depth;
    const matches = engine.match(query, Math.max(CANDIDATES, depth ?? 0), allowed);
    const summaries = engine.summaries(matches.map((match) => match.doc));
    const ranked = rerank(matches, summaries, plan, query.typed, { ...options, ...(depth ? { depth } : {}) });
    if (!byDate) return ranked;
    const floor = Math.max(0, ...ranked.map((hit) => hit.base)) * NEWEST_FLOOR;
    const kept = ranked.filter((hit) => hit.base >= floor);
    const order = new Map(newestFirst(kept.map((hit) => hit.doc)).map((doc, i) => [doc, i]));
    return kept.sort((a, b) => order.get(a.doc)! - order.get(b.doc)!);
  }

  function rank(plan: RankedPlan, query: WeightedQuery, options: SearchOptions, filters: Filters): Ranked[] {
    const allowed = narrows(filters) ? engine.allowed(filters) : undefined;
    if (query.terms.size > 0) return matched(plan, query, options, filters, allowed);
    const limit = options.depth ?? MAX_LISTED;
    if (plan.phrase) {
      // Only stop words typed ("to be or not to be"): the titles holding them as typed, the closest match first.
      const found = engine.titled(plan.stillTyping ? ` ${plan.phrase}` : ` ${plan.phrase} `, allowed, limit);
      return listed(filters.sort === 'new' ? newestFirst(found) : found);
    }
    if (!allowed) return [];
    // Filters alone ("cat:cs.LG since:2019"): the papers they allow, newest first.
    const docs: number[] = [];
    for (let doc = 0; doc < allowed.length; doc += 1) if (allowed[doc]) docs.push(doc);
    return listed(topK(docs, (doc) => engine.day(doc), limit));
  }

  function page(plan: RankedPlan, options: SearchOptions, filters: Filters = {}) {
    const query = weighQuery(plan, idf, (term) => engine.documentFrequency(term));
    const ranked = rank(plan, query, options, filters);
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
      const { text: words, filters } = parseFilters(text);
      const inSomeTitle = (needle: string, term: string) => engine.titleHolds(term, needle);
      const plan = planQuery(words, engine.vocabulary(), hasTerm, inSomeTitle);
      return { ...page(plan, options, filters), plan };
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

// Up to this size the whole collection is loaded and indexed in memory at start (fastest to query); beyond
// it, search reads the library's posting lists on disk, which a start reads nothing of but two snapshots
// (at 2,000 papers the in-memory build made a one-shot search's start 1.2 s of CPU; on disk it is a third).
export const IN_MEMORY_LIMIT = 1_000;

/** The index for the library: in memory while it is small, on disk when it is large. */
export function indexLibrary(library: Library): PaperIndex {
  return !library.holdsMoreThan(IN_MEMORY_LIMIT)
    ? buildIndex([...library.all()], library.canonicalId)
    : createIndex(diskEngine(library));
}

/** The on-disk engine whatever the size (benchmarks and tests compare the two on the same papers). */
export const libraryIndex = (library: Library): PaperIndex => createIndex(diskEngine(library));
