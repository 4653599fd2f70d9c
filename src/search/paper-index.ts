import MiniSearch, { type Query } from 'minisearch';
import type { Library, PaperSummary } from '../library/library.js';
import { type FieldTerms, fieldTerms, paperWords } from './paper-terms.js';
import { FIELDS, joinPostings, type PostingList } from '../library/postings.js';
import { normaliseTitle, type Paper, type PaperId } from '../core/paper.js';
import { planQuery, type QueryPlan, type QueryUnit } from './query.js';
import { bestSnippet, type Snippet } from './snippet.js';
import { isStopWord } from '../core/text.js';
import { buildVocabulary, type Vocabulary } from './vocabulary.js';

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

/** What an engine is asked: weighted index terms, and per typed word how telling it is and which terms stand for it. */
interface WeightedQuery {
  readonly terms: ReadonlyMap<string, number>;
  readonly words: readonly { readonly weight: number; readonly terms: readonly string[] }[];
  /** The typed words as a title would hold them, spaced for `includes` on a spaced title (none for one word). */
  readonly typed?: string;
  /** The rarest term of the words typed in full: every title holding the typed words has it. */
  readonly anchor?: string;
}

/** A paper an engine matched (`doc` is the engine's own number for it): BM25 and the share of the query's words it has. */
interface Match {
  readonly doc: number;
  readonly score: number;
  readonly coverage: number;
}

/** What differs between holding papers in memory (minisearch) and on disk (the library's posting lists). */
interface Engine {
  readonly size: number;
  get(id: PaperId): Paper | undefined;
  byTitle(title: string): Paper | undefined;
  newest(limit: number, offset: number): Paper[];
  /** The `limit` best matches by relevance (BM25 weighed by coverage). */
  match(query: WeightedQuery, limit: number): Match[];
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

// The title says what a paper is about far more densely than the abstract; authors match names; the parts
// of coined names ("StyleGAN" → style, gan) only help when nothing better matches.
export const FIELD_BOOST = { title: 3, abstract: 1, authors: 1.5, parts: 0.3 };
// The share of the top score below which a hit is noise (a single common word in a long abstract).
const MIN_RELATIVE_SCORE = 0.12;
const MAX_HITS = 50;
const NO_SNIPPET: Snippet = { text: '', marks: [] };
// Matches re-ranked per query: far more than a page, few enough to read and re-rank in a millisecond. (200
// found no more known items on the arXiv benchmark and cost 2 ms more per query.)
const CANDIDATES = 100;

/** BM25's inverse document frequency: rare terms say more about a paper. */
const inverseFrequency = (df: number, size: number) => Math.log(1 + (size - df + 0.5) / (df + 0.5));

/** A paper answering few of the typed words ranks below one answering all, however often it repeats them. */
const weighed = (score: number, coverage: number) => score * (0.2 + 0.8 * coverage * coverage);
const relevance = (match: Match) => weighed(match.score, match.coverage);

/** A paper's own name, as in "HyperStyle: StyleGAN Inversion with …" → "hyperstyle". */
function paperName(title: string): string | undefined {
  const colon = title.indexOf(':');
  if (colon <= 0) return undefined;
  const name = title.slice(0, colon);
  if (name.split(/\s+/).length > 4) return undefined;
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Newest first, then most upvoted, then collection order: the order of "what's new". */
const byRecency = (papers: readonly Paper[]) =>
  [...papers].sort((a, b) => (b.published ?? '').localeCompare(a.published ?? '') || (b.upvotes ?? -1) - (a.upvotes ?? -1));

// Coverage at or above this is every typed word (weights are summed in floating point).
const FULL_COVERAGE = 0.999;
// A title holding the typed words exactly as typed, in order, is very likely the paper the person has in mind.
const TYPED_IN_TITLE = 2;
// Of the matches re-ranked, at most this share are picked for holding the typed words in their title.
const TITLE_SHARE = 0.5;

/** The typed phrase (two words or more) as a spaced normalised title holds it, the last word maybe half-typed. */
function typedNeedle(plan: Pick<QueryPlan, 'phrase' | 'stillTyping'>): string | undefined {
  if (!plan.phrase.includes(' ')) return undefined;
  return plan.stillTyping ? ` ${plan.phrase}` : ` ${plan.phrase} `;
}

/**
 * The matches to re-rank: the most relevant, and the most relevant of those whose title holds the typed words
 * word for word. A title typed from memory ("language models using") finds its paper even when its words are
 * in thousands of papers and other titles are shorter.
 */
function pickMatches(docs: readonly number[], relevanceOf: (doc: number) => number, typedTitles: readonly number[], limit: number): number[] {
  const mostRelevant = best(docs, relevanceOf, limit);
  const chosen = new Set(mostRelevant);
  const titled = best(typedTitles.filter((doc) => !chosen.has(doc)), relevanceOf, Math.ceil(limit * TITLE_SHARE));
  return [...mostRelevant, ...titled];
}

/** Holds a small collection (the seeds, a day of Hugging Face papers) in memory with minisearch. */
function memoryEngine(papers: readonly Paper[], canonicalId: (id: PaperId) => PaperId): Engine {
  const byId = new Map<PaperId, Paper>();
  for (const paper of papers) byId.set(paper.id, paper);
  const all = [...byId.values()];
  const docOf = new Map(all.map((paper, doc) => [paper.id, doc]));
  // Each paper is stemmed once; minisearch indexes the terms as they are.
  const fields = all.map(fieldTerms);
  const engine = new MiniSearch<Paper>({
    fields: ['title', 'abstract', 'authors', 'parts'],
    extractField: (paper, field) => (field === 'id' ? paper.id : fields[docOf.get(paper.id)!]![field as keyof FieldTerms].join(' ')),
    tokenize: (text) => text.split(' ').filter(Boolean),
    processTerm: (term) => term,
    searchOptions: { tokenize: (term) => [term], processTerm: (term) => term, boost: FIELD_BOOST },
  });
  engine.addAll(all);
  const termDocs = new Map<string, number>();
  const wordDocs = new Map<string, number>();
  all.forEach((paper, doc) => {
    const { title, abstract, authors } = fields[doc]!;
    for (const term of new Set([...title, ...abstract, ...authors])) termDocs.set(term, (termDocs.get(term) ?? 0) + 1);
    for (const form of paperWords(paper)) wordDocs.set(form, (wordDocs.get(form) ?? 0) + 1);
  });
  const vocabulary = buildVocabulary(wordDocs);
  const spacedTitles = all.map((paper) => ` ${normaliseTitle(paper.title)} `);
  const termLines = fields.map(({ title, abstract }) => ({ title: ` ${title.join(' ')} `, abstract: ` ${abstract.join(' ')} ` }));
  const titles = new Map(all.map((paper) => [normaliseTitle(paper.title), paper]));
  const recent = byRecency(all);
  return {
    size: all.length,
    get: (id) => byId.get(id) ?? byId.get(canonicalId(id)),
    byTitle: (title) => titles.get(normaliseTitle(title)),
    newest: (limit, offset) => recent.slice(offset, offset + limit),
    match(query, limit) {
      const search: Query = { combineWith: 'OR', queries: [...query.terms].map(([term, weight]) => ({ queries: [term], boostTerm: () => weight })) };
      const total = query.words.reduce((sum, word) => sum + word.weight, 0) || 1;
      const matches = new Map(engine.search(search).map((result) => {
        const matched = new Set(result.queryTerms);
        const covered = query.words.filter((word) => word.terms.some((term) => matched.has(term))).reduce((sum, word) => sum + word.weight, 0);
        const doc = docOf.get(result.id)!;
        return [doc, { doc, score: result.score, coverage: covered / total }];
      }));
      const { typed } = query;
      const typedTitles = typed ? [...matches.keys()].filter((doc) => spacedTitles[doc]!.includes(typed)) : [];
      return pickMatches([...matches.keys()], (doc) => relevance(matches.get(doc)!), typedTitles, limit).map((doc) => matches.get(doc)!);
    },
    summaries: (docs) => new Map(docs.map((doc) => [doc, { id: all[doc]!.id, title: all[doc]!.title, spacedTitle: spacedTitles[doc]!, terms: termLines[doc]! }])),
    papers: (docs) => docs.map((doc) => all[doc]),
    refresh: () => undefined,
    documentFrequency: (term) => termDocs.get(term) ?? 0,
    vocabulary: () => vocabulary,
    canonicalId,
  };
}

// BM25's usual constants: how fast repeats of a term stop adding, and how much field length counts.
const K1 = 1.2;
const B = 0.75;
const BOOSTS = FIELDS.map((field) => FIELD_BOOST[field]);
// Decoded posting lists kept between queries, counted in docs (8 bytes each): common terms recur in every query.
const CACHED_POSTINGS = 4_000_000;

/** What the on-disk engine holds in memory for one version of the library, and its scratch space for scoring. */
function loadLayout(library: Library) {
  const version = library.version();
  const { segment, titles, lengths } = library.layout();
  const width = FIELDS.length;
  const total = new Array<number>(width).fill(0);
  let size = 0;
  for (let doc = 0; doc < segment.length; doc += 1) {
    if (segment[doc]! < 0) continue;
    size += 1;
    for (let f = 0; f < width; f += 1) total[f] = total[f]! + lengths[doc * width + f]!;
  }
  return {
    version,
    size,
    segment,
    titles: titles.map((title) => ` ${title} `),
    // Each field's length relative to its average, as BM25 uses it, computed once per paper.
    norms: Float32Array.from(lengths, (length, i) => K1 * (1 - B + (B * length) / (total[i % width]! / Math.max(1, size) || 1))),
    postings: new Map<string, PostingList>(),
    cached: 0,
    // Per doc: the query that last touched it (so nothing is cleared between queries), its score and coverage.
    seen: new Uint32Array(segment.length),
    scores: new Float64Array(segment.length),
    covered: new Float64Array(segment.length),
    marks: new Uint32Array(segment.length),
  };
}

/**
 * Reads a large collection from the library on disk: each query term's posting lists are read from SQLite
 * (and cached), every paper containing a term is scored with weighted BM25 in typed arrays, and only the
 * best few hundred papers' rows are read, to re-rank. Nothing is built at start but each paper's field
 * lengths; the vocabulary loads on first use.
 */
function libraryEngine(library: Library): Engine {
  let vocabulary: Vocabulary | undefined;
  let state = loadLayout(library);
  let query = 0;
  let mark = 0;

  /** A term's live postings (those in the segment their paper was last written in), one list for all segments. */
  function postingsOf(term: string): PostingList {
    const cached = state.postings.get(term);
    if (cached) {
      // Map order is insertion order: re-inserting makes it the most recently used.
      state.postings.delete(term);
      state.postings.set(term, cached);
      return cached;
    }
    const { segment } = state;
    const lists = library.postings(term);
    const list = joinPostings(lists.map((l) => l.list), (doc, l) => segment[doc] === lists[l]!.segment);
    state.postings.set(term, list);
    state.cached += list.docs.length;
    for (const [old, oldList] of state.postings) {
      if (state.cached <= CACHED_POSTINGS) break;
      state.postings.delete(old);
      state.cached -= oldList.docs.length;
    }
    return list;
  }
  const documentFrequency = (term: string) => postingsOf(term).docs.length;
  const idf = (term: string) => inverseFrequency(documentFrequency(term), state.size);

  return {
    get size() {
      return state.size;
    },
    get: (id) => library.get(id),
    byTitle: (title) => library.byTitle(title),
    newest: (limit, offset) => library.newest(limit, offset),
    match(weighted, limit) {
      const { seen, scores, covered, marks, norms } = state;
      const width = FIELDS.length;
      query = (query + 1) >>> 0 || 1;
      const touched: number[] = [];
      for (const [term, weight] of weighted.terms) {
        const w = weight * idf(term);
        const { docs, counts } = postingsOf(term);
        for (let i = 0; i < docs.length; i += 1) {
          const doc = docs[i]!;
          if (seen[doc] !== query) {
            seen[doc] = query;
            scores[doc] = 0;
            covered[doc] = 0;
            touched.push(doc);
          }
          let add = 0;
          for (let f = 0; f < width; f += 1) {
            const tf = counts[i * width + f]!;
            if (tf > 0) add += (BOOSTS[f]! * tf * (K1 + 1)) / (tf + norms[doc * width + f]!);
          }
          scores[doc] = scores[doc]! + w * add;
        }
      }
      const total = weighted.words.reduce((sum, word) => sum + word.weight, 0) || 1;
      for (const word of weighted.words) {
        mark = (mark + 1) >>> 0 || 1;
        for (const term of word.terms) {
          for (const doc of postingsOf(term).docs) {
            if (marks[doc] === mark) continue;
            marks[doc] = mark;
            covered[doc] = covered[doc]! + word.weight / total;
          }
        }
      }
      // Titles holding the typed words are among those with the anchor term in their title (title counts come
      // first), or, when every content word may be half-typed, among the papers having all the typed words.
      const typedTitles: number[] = [];
      const { typed, anchor } = weighted;
      if (typed && anchor) {
        const { docs, counts } = postingsOf(anchor);
        for (let i = 0; i < docs.length; i += 1) if (counts[i * width]! > 0 && state.titles[docs[i]!]!.includes(typed)) typedTitles.push(docs[i]!);
      } else if (typed) {
        for (const doc of touched) if (covered[doc]! >= FULL_COVERAGE && state.titles[doc]!.includes(typed)) typedTitles.push(doc);
      }
      return pickMatches(touched, (doc) => weighed(scores[doc]!, covered[doc]!), typedTitles, limit)
        .map((doc) => ({ doc, score: scores[doc]!, coverage: covered[doc]! }));
    },
    summaries: (docs) => library.summaries(docs),
    papers: (docs) => library.papersAt(docs),
    refresh() {
      if (library.version() === state.version) return;
      state = loadLayout(library);
      vocabulary = undefined;
    },
    documentFrequency,
    vocabulary: () => (vocabulary ??= buildVocabulary(new Map(library.words()))),
    canonicalId: (id) => library.canonicalId(id),
  };
}

/**
 * The `limit` docs with the highest value, best first, ties by doc: a min-heap of the best so far, so tens of
 * thousands of matches cost one comparison each rather than a sort.
 */
function best(docs: readonly number[], value: (doc: number) => number, limit: number): number[] {
  const heap: { doc: number; value: number }[] = [];
  const worse = (a: { doc: number; value: number }, b: { doc: number; value: number }) => a.value < b.value || (a.value === b.value && a.doc > b.doc);
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  const siftUp = (i: number) => {
    for (let parent = (i - 1) >> 1; i > 0 && worse(heap[i]!, heap[parent]!); i = parent, parent = (i - 1) >> 1) swap(i, parent);
  };
  const siftDown = (i: number) => {
    for (;;) {
      let least = i;
      for (const child of [2 * i + 1, 2 * i + 2]) if (child < heap.length && worse(heap[child]!, heap[least]!)) least = child;
      if (least === i) return;
      swap(i, least);
      i = least;
    }
  };
  for (const doc of docs) {
    const v = value(doc);
    if (heap.length < limit) {
      heap.push({ doc, value: v });
      siftUp(heap.length - 1);
    } else if (v > heap[0]!.value || (v === heap[0]!.value && doc < heap[0]!.doc)) {
      heap[0] = { doc, value: v };
      siftDown(0);
    }
  }
  return heap.sort((a, b) => b.value - a.value || a.doc - b.doc).map((item) => item.doc);
}

/** Consecutive typed words as phrases of their main terms, spaced as in `PaperSummary.terms` ("style transfer" → " style transfer "). */
function phrasesOf(plan: Pick<QueryPlan, 'units'>): string[] {
  const single = new Map<number, string>();
  for (const unit of plan.units) {
    const main = unit.terms.find((t) => t.weight === 1)?.term;
    if (unit.covers.length === 1 && main && !single.has(unit.covers[0]!)) single.set(unit.covers[0]!, main);
  }
  const phrases: string[] = [];
  for (const [word, term] of single) {
    const next = single.get(word + 1);
    if (next) phrases.push(` ${term} ${next} `);
  }
  return phrases;
}

// A paper that has the typed words side by side ("style transfer") is about them, not just near them.
const PHRASE_IN_TITLE = 1.4;
const PHRASE_IN_ABSTRACT = 1.15;

function phraseBoost(terms: PaperSummary['terms'], phrases: readonly string[]): number {
  let boost = 1;
  for (const phrase of phrases) boost *= terms.title.includes(phrase) ? PHRASE_IN_TITLE : terms.abstract.includes(phrase) ? PHRASE_IN_ABSTRACT : 1;
  return boost;
}

/** Half of a paper's name typed gets some of the boost of all of it ("ladi vton" → LaDI-VTON). */
function nameBoost(title: string, compact: string): number {
  const name = paperName(title);
  if (!name) return 1;
  return name === compact ? 3 : name.length >= 5 && compact.includes(name) ? 1.5 : 1;
}

type RankedPlan = Pick<QueryPlan, 'units' | 'compact' | 'phrase' | 'stillTyping' | 'partial'>;

function createIndex(engine: Engine): PaperIndex {
  const idf = (term: string) => inverseFrequency(engine.documentFrequency(term), engine.size);
  const hasTerm = (term: string) => engine.documentFrequency(term) > 0;

  /** The terms to look up and, per typed word, how telling it is (the rarest of the terms that stand for it). */
  function weigh(plan: RankedPlan): WeightedQuery {
    const terms = new Map<string, number>();
    for (const unit of plan.units) {
      for (const { term, weight } of unit.terms) terms.set(term, Math.max(weight, terms.get(term) ?? 0));
    }
    const words = new Map<number, { weight: number; terms: Set<string> }>();
    for (const unit of plan.units) {
      const telling = Math.max(...unit.terms.map((t) => idf(t.term) * t.weight));
      for (const covered of unit.covers) {
        const word = words.get(covered) ?? { weight: 0, terms: new Set<string>() };
        word.weight = Math.max(word.weight, telling);
        for (const { term } of unit.terms) word.terms.add(term);
        words.set(covered, word);
      }
    }
    // The anchor: of the words typed in full, the term in fewest papers (all of a word's terms are in a title holding it).
    const complete = plan.units.filter((unit) => unit.covers.length === 1 && unit.covers[0] !== plan.partial);
    const anchor = complete.flatMap((unit) => unit.terms.filter((t) => t.weight === 1).map((t) => t.term))
      .filter(hasTerm)
      .sort((a, b) => engine.documentFrequency(a) - engine.documentFrequency(b))[0];
    const typed = typedNeedle(plan);
    return {
      terms,
      words: [...words.values()].map((word) => ({ weight: word.weight, terms: [...word.terms] })),
      ...(typed ? { typed } : {}),
      ...(anchor ? { anchor } : {}),
    };
  }

  function rank(plan: RankedPlan, options: SearchOptions) {
    const query = weigh(plan);
    if (query.terms.size === 0) return { total: 0, ranked: [], weights: query.terms };
    const phrases = phrasesOf(plan);
    const matches = engine.match(query, Math.max(CANDIDATES, options.depth ?? 0));
    const summaries = engine.summaries(matches.map((match) => match.doc));
    const scored = matches
      .flatMap((match) => {
        const summary = summaries.get(match.doc);
        if (!summary || options.exclude?.has(summary.id)) return [];
        const base = relevance(match) * nameBoost(summary.title, plan.compact) * phraseBoost(summary.terms, phrases);
        const exact = query.typed && summary.spacedTitle.includes(query.typed) ? TYPED_IN_TITLE : 1;
        return [{ doc: match.doc, summary, base, score: base * exact }];
      })
      .sort((a, b) => b.score - a.score || a.summary.title.localeCompare(b.summary.title) || a.summary.id.localeCompare(b.summary.id));
    // The typed title only orders the hits: which papers are relevant enough to show is judged without it.
    const floor = Math.max(0, ...scored.map((hit) => hit.base)) * MIN_RELATIVE_SCORE;
    const ranked = scored.filter((hit) => hit.base > 0 && hit.base >= floor).slice(0, options.depth ?? MAX_HITS);
    return { total: ranked.length, ranked, weights: query.terms };
  }

  function page(plan: RankedPlan, options: SearchOptions) {
    const { total, ranked, weights } = rank(plan, options);
    const offset = options.offset ?? 0;
    const weightOf = (term: string) => (weights.has(term) ? idf(term) * weights.get(term)! : undefined);
    const shown = ranked.slice(offset, offset + (options.limit ?? 5));
    const papers = engine.papers(shown.map((hit) => hit.doc));
    const hits = shown.flatMap((hit, i) => {
      const paper = papers[i];
      if (!paper) return [];
      const snippet = options.snippets === false ? NO_SNIPPET : bestSnippet(paper.abstract, weightOf);
      return [{ paper, score: Math.round(hit.base * 1000) / 1000, snippet }];
    });
    return { total, hits };
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
      engine.vocabulary().complete(prefix, limit * 4 + 50).filter((word) => word.length >= 3 && !isStopWord(word) && !/\d/.test(word)).slice(0, limit),
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
  return library.count() <= IN_MEMORY_LIMIT ? buildIndex([...library.all()], library.canonicalId) : createIndex(libraryEngine(library));
}

/** The on-disk engine whatever the size (benchmarks and tests compare the two on the same papers). */
export const libraryIndex = (library: Library): PaperIndex => createIndex(libraryEngine(library));
