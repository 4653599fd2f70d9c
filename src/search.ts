import MiniSearch, { type Query } from 'minisearch';
import type { Paper, PaperId } from './paper.js';
import { planQuery, type QueryPlan, type QueryTerm, surfaceParts } from './query.js';
import { bestSnippet, type Snippet } from './snippet.js';
import { indexTerms, isStopWord, words } from './text.js';
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
}

/** The searchable collection of papers: built once at start, queried many times, never mutated. */
export interface PaperIndex {
  readonly size: number;
  get(id: PaperId): Paper | undefined;
  papers(): readonly Paper[];
  plan(text: string): QueryPlan;
  search(text: string, options?: SearchOptions): SearchPage;
  /** Searches for precomputed index terms (used by "similar", whose query is a paper, not typed text). */
  searchTerms(terms: readonly QueryTerm[], options?: SearchOptions): Omit<SearchPage, 'plan'>;
  /** Inverse document frequency of an index term; rare terms say more about a paper. */
  idf(term: string): number;
  /** The collection's commonest content words starting with a prefix (topic suggestions). */
  commonWords(prefix: string, limit: number): string[];
}

// The title says what a paper is about far more densely than the abstract; authors match names.
const FIELD_BOOST = { title: 3, authors: 1.5, abstract: 1 };
// The share of the top score below which a hit is noise (a single common word in a long abstract).
const MIN_RELATIVE_SCORE = 0.12;
const MAX_HITS = 50;

/** A paper's own name, as in "HyperStyle: StyleGAN Inversion with …" → "hyperstyle". */
function paperName(title: string): string | undefined {
  const colon = title.indexOf(':');
  if (colon <= 0) return undefined;
  const name = title.slice(0, colon);
  if (name.split(/\s+/).length > 4) return undefined;
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function surfaceForms(text: string): Set<string> {
  const forms = new Set<string>();
  for (const word of words(text)) {
    const parts = surfaceParts(word.text);
    for (const part of parts) forms.add(part);
    if (parts.length > 1) forms.add(parts.join(''));
  }
  return forms;
}

export function buildIndex(papers: readonly Paper[]): PaperIndex {
  const byId = new Map<PaperId, Paper>();
  for (const paper of papers) byId.set(paper.id, paper);
  const all = [...byId.values()];

  const engine = new MiniSearch<Paper>({
    fields: ['title', 'abstract', 'authors'],
    extractField: (paper, field) => (field === 'authors' ? (paper.authors ?? []).join(', ') : String(paper[field as keyof Paper] ?? '')),
    tokenize: indexTerms,
    processTerm: (term) => term,
    searchOptions: { tokenize: (term) => [term], processTerm: (term) => term, boost: FIELD_BOOST },
  });
  engine.addAll(all);

  const termDocs = new Map<string, number>();
  const wordDocs = new Map<string, number>();
  const names = new Map<PaperId, string>();
  for (const paper of all) {
    const text = `${paper.title}\n${paper.abstract}\n${(paper.authors ?? []).join(', ')}`;
    for (const term of new Set(indexTerms(text))) termDocs.set(term, (termDocs.get(term) ?? 0) + 1);
    for (const form of surfaceForms(text)) wordDocs.set(form, (wordDocs.get(form) ?? 0) + 1);
    const name = paperName(paper.title);
    if (name) names.set(paper.id, name);
  }
  const vocabulary: Vocabulary = buildVocabulary(wordDocs);
  const idf = (term: string) => Math.log(1 + (all.length - (termDocs.get(term) ?? 0) + 0.5) / ((termDocs.get(term) ?? 0) + 0.5));

  function rank(plan: Pick<QueryPlan, 'units' | 'compact'>, options: SearchOptions) {
    const weights = new Map<string, number>();
    for (const unit of plan.units) {
      for (const { term, weight } of unit.terms) weights.set(term, Math.max(weight, weights.get(term) ?? 0));
    }
    if (weights.size === 0) return { total: 0, ranked: [], weights };
    const query: Query = {
      combineWith: 'OR',
      queries: [...weights].map(([term, weight]) => ({ queries: [term], boostTerm: () => weight })),
    };
    // How much of the query a paper answers: each typed word counts by how rare (telling) it is.
    const wordWeight = new Map<number, number>();
    for (const unit of plan.units) {
      const telling = Math.max(...unit.terms.map((t) => idf(t.term) * t.weight));
      for (const word of unit.covers) wordWeight.set(word, Math.max(telling, wordWeight.get(word) ?? 0));
    }
    const totalWeight = [...wordWeight.values()].reduce((a, b) => a + b, 0) || 1;

    const scored = engine
      .search(query)
      .filter((result) => !options.exclude?.has(result.id))
      .map((result) => {
        const matched = new Set(result.queryTerms);
        const covered = new Set(plan.units.filter((u) => u.terms.some((t) => matched.has(t.term))).flatMap((u) => u.covers));
        const coverage = [...covered].reduce((sum, word) => sum + (wordWeight.get(word) ?? 0), 0) / totalWeight;
        const name = names.get(result.id);
        const nameBoost = name && name === plan.compact ? 3 : name && name.length >= 5 && plan.compact.includes(name) ? 1.5 : 1;
        return { paper: byId.get(result.id)!, score: result.score * (0.2 + 0.8 * coverage * coverage) * nameBoost };
      })
      .sort((a, b) => b.score - a.score || a.paper.title.localeCompare(b.paper.title) || a.paper.id.localeCompare(b.paper.id));
    const floor = (scored[0]?.score ?? 0) * MIN_RELATIVE_SCORE;
    const ranked = scored.filter((hit) => hit.score >= floor).slice(0, MAX_HITS);
    return { total: ranked.length, ranked, weights };
  }

  function page(plan: Pick<QueryPlan, 'units' | 'compact'>, options: SearchOptions) {
    const { total, ranked, weights } = rank(plan, options);
    const offset = options.offset ?? 0;
    const weightOf = (term: string) => (weights.has(term) ? idf(term) * weights.get(term)! : undefined);
    const hits = ranked.slice(offset, offset + (options.limit ?? 5)).map((hit) => ({
      paper: hit.paper,
      score: Math.round(hit.score * 1000) / 1000,
      snippet: bestSnippet(hit.paper.abstract, weightOf),
    }));
    return { total, hits };
  }

  return {
    size: all.length,
    get: (id) => byId.get(id),
    papers: () => all,
    plan: (text) => planQuery(text, vocabulary),
    search(text, options = {}) {
      const plan = planQuery(text, vocabulary);
      return { ...page(plan, options), plan };
    },
    searchTerms(terms, options = {}) {
      return page({ units: terms.map((term) => ({ covers: [], terms: [term] })), compact: '' }, options);
    },
    idf,
    commonWords: (prefix, limit) =>
      vocabulary.complete(prefix, limit * 4 + 50).filter((word) => word.length >= 3 && !isStopWord(word) && !/\d/.test(word)).slice(0, limit),
  };
}
