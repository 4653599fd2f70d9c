import MiniSearch, { type Query } from 'minisearch';
import type { Library } from './library.js';
import { type FieldTerms, fieldTerms, paperWords } from './paper-terms.js';
import { normaliseTitle, type Paper, type PaperId } from './paper.js';
import { planQuery, type QueryPlan, type QueryUnit } from './query.js';
import { bestSnippet, type Snippet } from './snippet.js';
import { isStopWord } from './text.js';
import { buildVocabulary, type Vocabulary } from './vocabulary.js';

export interface SearchHit {
  readonly paper: Paper;
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

/** A candidate from an engine: its raw relevance, which of the asked terms it contains, and its terms. */
interface Candidate {
  readonly paper: Paper;
  readonly score: number;
  readonly matched: ReadonlySet<string>;
  readonly fields: Pick<FieldTerms, 'title' | 'abstract'>;
}

/** What differs between holding papers in memory (minisearch) and on disk (SQLite FTS5). */
interface Engine {
  readonly size: number;
  get(id: PaperId): Paper | undefined;
  byTitle(title: string): Paper | undefined;
  newest(limit: number, offset: number): Paper[];
  /** Candidates for the query's terms (weighted), knowing which terms stand for which typed word. */
  candidates(terms: ReadonlyMap<string, number>, units: readonly QueryUnit[], limit: number): Candidate[];
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
// BM25 candidates re-ranked per query: far more than a page, few enough to re-rank in a millisecond or two.
const CANDIDATES = 200;

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

/** Holds a small collection (the seeds, a day of Hugging Face papers) in memory with minisearch. */
function memoryEngine(papers: readonly Paper[], canonicalId: (id: PaperId) => PaperId): Engine {
  const byId = new Map<PaperId, Paper>();
  for (const paper of papers) byId.set(paper.id, paper);
  const all = [...byId.values()];
  // Each paper is stemmed once; minisearch indexes the terms as they are.
  const fields = new Map(all.map((paper) => [paper.id, fieldTerms(paper)]));
  const engine = new MiniSearch<Paper>({
    fields: ['title', 'abstract', 'authors', 'parts'],
    extractField: (paper, field) => (field === 'id' ? paper.id : fields.get(paper.id)![field as keyof FieldTerms].join(' ')),
    tokenize: (text) => text.split(' ').filter(Boolean),
    processTerm: (term) => term,
    searchOptions: { tokenize: (term) => [term], processTerm: (term) => term, boost: FIELD_BOOST },
  });
  engine.addAll(all);
  const termDocs = new Map<string, number>();
  const wordDocs = new Map<string, number>();
  for (const paper of all) {
    const { title, abstract, authors } = fields.get(paper.id)!;
    for (const term of new Set([...title, ...abstract, ...authors])) termDocs.set(term, (termDocs.get(term) ?? 0) + 1);
    for (const form of paperWords(paper)) wordDocs.set(form, (wordDocs.get(form) ?? 0) + 1);
  }
  const vocabulary = buildVocabulary(wordDocs);
  const titles = new Map(all.map((paper) => [normaliseTitle(paper.title), paper]));
  const recent = byRecency(all);
  return {
    size: all.length,
    get: (id) => byId.get(id) ?? byId.get(canonicalId(id)),
    byTitle: (title) => titles.get(normaliseTitle(title)),
    newest: (limit, offset) => recent.slice(offset, offset + limit),
    candidates(terms, _units, limit) {
      const query: Query = { combineWith: 'OR', queries: [...terms].map(([term, weight]) => ({ queries: [term], boostTerm: () => weight })) };
      return engine.search(query).slice(0, limit).map((result) => ({
        paper: byId.get(result.id)!, score: result.score, matched: new Set(result.queryTerms), fields: fields.get(result.id)!,
      }));
    },
    documentFrequency: (term) => termDocs.get(term) ?? 0,
    vocabulary: () => vocabulary,
    canonicalId,
  };
}

/**
 * Reads a large collection from the library on disk: SQLite FTS5 ranks candidates by BM25, and the same
 * re-ranking as in memory orders them. Nothing is built at start; the vocabulary loads on first use.
 */
// A term in more than this share of papers (and this many) is too common to pick candidates with.
const COMMON_SHARE = 0.05;
const COMMON_MIN_PAPERS = 1000;

// BM25's usual constants: how fast repeats of a term stop adding, and how much field length counts.
const K1 = 1.2;
const B = 0.75;

/**
 * BM25 over a candidate's stored terms, with each query term weighted (a completion of a half-typed word
 * counts less than a typed word) and each field boosted as in the in-memory engine.
 */
function weightedBm25(fields: FieldTerms, weights: ReadonlyMap<string, number>, idf: (term: string) => number, average: Record<keyof FieldTerms, number>): number {
  let score = 0;
  for (const field of ['title', 'abstract', 'authors', 'parts'] as const) {
    const terms = fields[field];
    if (terms.length === 0) continue;
    const counts = new Map<string, number>();
    for (const term of terms) if (weights.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
    const norm = K1 * (1 - B + (B * terms.length) / average[field]);
    for (const [term, tf] of counts) score += FIELD_BOOST[field] * weights.get(term)! * idf(term) * ((tf * (K1 + 1)) / (tf + norm));
  }
  return score;
}

function libraryEngine(library: Library): Engine {
  let vocabulary: Vocabulary | undefined;
  const size = library.count();
  const average = library.averageFieldLengths();
  // Document counts only change with an ingest, after which a new engine is made; until then, remember them.
  const frequencies = new Map<string, number>();
  const documentFrequency = (term: string) => {
    let df = frequencies.get(term);
    if (df === undefined) {
      if (frequencies.size > 200_000) frequencies.clear();
      frequencies.set(term, (df = library.documentFrequency(term)));
    }
    return df;
  };
  const idf = (term: string) => {
    const df = documentFrequency(term);
    return Math.log(1 + (size - df + 0.5) / (df + 0.5));
  };
  return {
    size,
    get: (id) => library.get(id),
    byTitle: (title) => library.byTitle(title),
    newest: (limit, offset) => library.newest(limit, offset),
    candidates(terms, units, limit) {
      // Two cheap lookups instead of one costly one: papers with every typed word (a title typed from memory
      // finds its paper even when its words are common), and papers with the telling words (a term in a
      // twentieth of all papers, "network", would make FTS5 score tens of thousands of papers for nothing).
      // All terms count in the score computed here, since FTS5 cannot weigh query terms.
      const byWord = new Map<number, string[]>();
      for (const unit of units) for (const word of unit.covers) byWord.set(word, [...(byWord.get(word) ?? []), ...unit.terms.map((t) => t.term)]);
      const known = [...byWord.values()].filter((group) => group.some((term) => documentFrequency(term) > 0));
      const byRarity = [...terms.keys()].sort((a, b) => documentFrequency(a) - documentFrequency(b));
      const telling = byRarity.filter((term) => documentFrequency(term) <= Math.max(COMMON_MIN_PAPERS, size * COMMON_SHARE));
      const lookup = telling.length > 0 ? telling : byRarity.slice(0, 2);
      const found = new Map<string, ReturnType<Library['candidates']>[number]>();
      for (const row of [...(known.length > 1 ? library.candidates(known, limit / 2, true) : []), ...library.candidates([lookup], limit, false)]) {
        if (!found.has(row.paper.id)) found.set(row.paper.id, row);
      }
      return [...found.values()].slice(0, limit).map(({ paper, fields }) => {
        const own = new Set([...fields.title, ...fields.abstract, ...fields.authors, ...fields.parts]);
        const matched = new Set([...terms.keys()].filter((t) => own.has(t)));
        return { paper, score: weightedBm25(fields, terms, idf, average), matched, fields };
      });
    },
    documentFrequency,
    vocabulary: () => (vocabulary ??= buildVocabulary(new Map(library.words()))),
    canonicalId: (id) => library.canonicalId(id),
  };
}

/** Consecutive typed words as pairs of their main terms ("style transfer" → style|transfer). */
function phrasesOf(plan: Pick<QueryPlan, 'units'>): string[] {
  const single = new Map<number, string>();
  for (const unit of plan.units) {
    const main = unit.terms.find((t) => t.weight === 1)?.term;
    if (unit.covers.length === 1 && main && !single.has(unit.covers[0]!)) single.set(unit.covers[0]!, main);
  }
  const phrases: string[] = [];
  for (const [word, term] of single) {
    const next = single.get(word + 1);
    if (next) phrases.push(`${term}|${next}`);
  }
  return phrases;
}

const pairsOf = (terms: readonly string[]) => new Set(terms.slice(1).map((term, i) => `${terms[i]}|${term}`));

// A paper that has the typed words side by side ("style transfer") is about them, not just near them.
const PHRASE_IN_TITLE = 1.4;
const PHRASE_IN_ABSTRACT = 1.15;

function phraseBoost(fields: Candidate['fields'], phrases: readonly string[]): number {
  if (phrases.length === 0) return 1;
  const inTitle = pairsOf(fields.title);
  const inAbstract = pairsOf(fields.abstract);
  let boost = 1;
  for (const phrase of phrases) boost *= inTitle.has(phrase) ? PHRASE_IN_TITLE : inAbstract.has(phrase) ? PHRASE_IN_ABSTRACT : 1;
  return boost;
}

function createIndex(engine: Engine): PaperIndex {
  const idf = (term: string) => {
    const df = engine.documentFrequency(term);
    return Math.log(1 + (engine.size - df + 0.5) / (df + 0.5));
  };
  const hasTerm = (term: string) => engine.documentFrequency(term) > 0;

  function rank(plan: Pick<QueryPlan, 'units' | 'compact'>, options: SearchOptions) {
    const weights = new Map<string, number>();
    for (const unit of plan.units) {
      for (const { term, weight } of unit.terms) weights.set(term, Math.max(weight, weights.get(term) ?? 0));
    }
    if (weights.size === 0) return { total: 0, ranked: [], weights };
    // How much of the query a paper answers: each typed word counts by how rare (telling) it is.
    const wordWeight = new Map<number, number>();
    for (const unit of plan.units) {
      const telling = Math.max(...unit.terms.map((t) => idf(t.term) * t.weight));
      for (const word of unit.covers) wordWeight.set(word, Math.max(telling, wordWeight.get(word) ?? 0));
    }
    const totalWeight = [...wordWeight.values()].reduce((a, b) => a + b, 0) || 1;
    const phrases = phrasesOf(plan);
    const scored = engine
      .candidates(weights, plan.units, Math.max(CANDIDATES, options.depth ?? 0))
      .filter((candidate) => !options.exclude?.has(candidate.paper.id))
      .map(({ paper, score, matched, fields }) => {
        const covered = new Set(plan.units.filter((u) => u.terms.some((t) => matched.has(t.term))).flatMap((u) => u.covers));
        const coverage = wordWeight.size ? [...covered].reduce((sum, word) => sum + (wordWeight.get(word) ?? 0), 0) / totalWeight : 1;
        const name = paperName(paper.title);
        const nameBoost = name && name === plan.compact ? 3 : name && name.length >= 5 && plan.compact.includes(name) ? 1.5 : 1;
        return { paper, score: score * (0.2 + 0.8 * coverage * coverage) * nameBoost * phraseBoost(fields, phrases) };
      })
      .sort((a, b) => b.score - a.score || a.paper.title.localeCompare(b.paper.title) || a.paper.id.localeCompare(b.paper.id));
    const floor = (scored[0]?.score ?? 0) * MIN_RELATIVE_SCORE;
    const ranked = scored.filter((hit) => hit.score > 0 && hit.score >= floor).slice(0, options.depth ?? MAX_HITS);
    return { total: ranked.length, ranked, weights };
  }

  function page(plan: Pick<QueryPlan, 'units' | 'compact'>, options: SearchOptions) {
    const { total, ranked, weights } = rank(plan, options);
    const offset = options.offset ?? 0;
    const weightOf = (term: string) => (weights.has(term) ? idf(term) * weights.get(term)! : undefined);
    const hits = ranked.slice(offset, offset + (options.limit ?? 5)).map((hit) => ({
      paper: hit.paper,
      score: Math.round(hit.score * 1000) / 1000,
      snippet: options.snippets === false ? NO_SNIPPET : bestSnippet(hit.paper.abstract, weightOf),
    }));
    return { total, hits };
  }

  return {
    size: engine.size,
    get: (id) => engine.get(id),
    byTitle: (title) => engine.byTitle(title),
    newest: (limit, offset = 0) => engine.newest(limit, offset),
    search(text, options = {}) {
      const plan = planQuery(text, engine.vocabulary(), hasTerm);
      return { ...page(plan, options), plan };
    },
    searchUnits(units, options = {}) {
      return page({ units, compact: '' }, options);
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
// query); beyond it, search reads the library's FTS5 index on disk so a restart needs no rebuild.
export const IN_MEMORY_LIMIT = 5_000;

/** The index for the library: in memory while it is small, on disk when it is large. */
export function indexLibrary(library: Library): PaperIndex {
  return library.count() <= IN_MEMORY_LIMIT ? buildIndex([...library.all()], library.canonicalId) : createIndex(libraryEngine(library));
}

/** The on-disk engine whatever the size (benchmarks and tests compare the two on the same papers). */
export const libraryIndex = (library: Library): PaperIndex => createIndex(libraryEngine(library));
