import { LRUCache } from 'lru-cache';
import type { Library } from '../library/library.js';
import { FIELDS, joinPostings, type PostingList } from '../library/postings.js';
import { type Engine, pickMatches } from './engine.js';
import { categoryTerm, type Filters, inDateRange } from './filters.js';
import { FIELD_BOOST, inverseFrequency, weighed } from './rank.js';
import { seek } from './seek.js';
import { topK } from './top-k.js';
import { type Vocabulary, vocabularyOf } from './vocabulary.js';
import { scoreWords, scratchFor } from './word-scoring.js';

// BM25's usual constants: how fast repeats of a term stop adding, and how much field length counts.
const K1 = 1.2;
const B = 0.75;
const BOOSTS = FIELDS.map((field) => FIELD_BOOST[field]);
// Decoded posting lists kept between queries, counted in docs (12 bytes each: doc, field counts, impact):
// common terms recur in every query.
const CACHED_POSTINGS = 4_000_000;
// Coverage at or above this is every typed word (weights are summed in floating point).
const FULL_COVERAGE = 0.999;

/**
 * A term's postings and, once it is scored, each doc's BM25 over its fields (before the term's weight), which
 * depends on nothing a query says: scoring is then one multiplication a doc. Lists read only to count or filter
 * (a document frequency, a category) never need them.
 */
type CachedList = PostingList & { impacts?: Float32Array; best?: number };

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
  const average = total.map((sum) => sum / Math.max(1, size) || 1);
  // Each field's length relative to its average, as BM25 uses it, computed once per paper (a plain loop: a
  // callback per value cost a tenth of a second at start), one array per field: a common term's postings mostly
  // read the abstract's, and a paper's four side by side took twice the memory traffic.
  const normsOf = (f: number) => {
    const norms = new Float32Array(segment.length);
    for (let doc = 0; doc < norms.length; doc += 1) {
      norms[doc] = K1 * (1 - B + (B * lengths[doc * width + f]!) / average[f]!);
    }
    return norms;
  };
  const norms = { title: normsOf(0), abstract: normsOf(1), authors: normsOf(2), parts: normsOf(3) };
  return {
    version,
    size,
    segment,
    titles,
    norms,
    // An empty list still takes a slot (the cache counts sizes of at least 1).
    postings: new LRUCache<string, CachedList>({
      maxSize: CACHED_POSTINGS,
      sizeCalculation: (list) => Math.max(1, list.docs.length),
    }),
    scratch: scratchFor(segment.length),
    // Each paper's publication day, read on the first query that filters or sorts by date.
    days: undefined as Int32Array | undefined,
  };
}

/**
 * Reads a large collection from the library on disk: each query term's posting lists are read from SQLite
 * (and cached), every paper containing a term is scored with weighted BM25 in typed arrays, and only the
 * best few hundred papers' rows are read, to re-rank. Nothing is built at start but each paper's field
 * lengths; the vocabulary (stored as one sorted list) and the papers' dates load on first use.
 */
export function diskEngine(library: Library): Engine {
  let vocabulary: Vocabulary | undefined;
  let state = loadLayout(library);

  /** A term's live postings (those in the segment their paper was last written in), one list for all segments. */
  function postingsOf(term: string): CachedList {
    const cached = state.postings.get(term);
    if (cached) return cached;
    const lists = library.postings(term);
    const list = joinPostings(
      lists.map((l) => l.list),
      lists.map((l) => l.segment),
      state.segment,
    );
    state.postings.set(term, list);
    return list;
  }

  /** A term's postings with their docs' BM25, worked out the first time the term is scored. */
  function scoredOf(term: string): { docs: Uint32Array; impacts: Float32Array; best: number } {
    const list = postingsOf(term);
    if (list.impacts) return { docs: list.docs, impacts: list.impacts, best: list.best ?? 0 };
    const { docs, counts } = list;
    const { title: titleNorms, abstract: abstractNorms, authors: authorNorms, parts: partNorms } = state.norms;
    // Single precision (scores are summed in double): at 1 M papers the first read of a common term's list spent
    // more time faulting in fresh memory than computing, and the impacts were a third of that memory.
    const impacts = new Float32Array(docs.length);
    let best = 0;
    // The fields (in FIELDS' order) unrolled, each skipped when it lacks the term: written as a loop over the
    // fields, this was a tenth of a search at 1 M papers.
    for (let i = 0; i < docs.length; i += 1) {
      const at = 4 * i;
      const doc = docs[i]!;
      const title = counts[at]!;
      const abstract = counts[at + 1]!;
      const authors = counts[at + 2]!;
      const parts = counts[at + 3]!;
      let impact = 0;
      if (title > 0) impact += (BOOSTS[0]! * title * (K1 + 1)) / (title + titleNorms[doc]!);
      if (abstract > 0) impact += (BOOSTS[1]! * abstract * (K1 + 1)) / (abstract + abstractNorms[doc]!);
      if (authors > 0) impact += (BOOSTS[2]! * authors * (K1 + 1)) / (authors + authorNorms[doc]!);
      if (parts > 0) impact += (BOOSTS[3]! * parts * (K1 + 1)) / (parts + partNorms[doc]!);
      impacts[i] = impact;
      // The bound is the stored (rounded) value's, so no doc scores above it.
      if (impacts[i]! > best) best = impacts[i]!;
    }
    list.impacts = impacts;
    list.best = best;
    return { docs, impacts, best };
  }
  const documentFrequency = (term: string) => postingsOf(term).docs.length;
  const daysOf = () => (state.days ??= library.dates());
  const AUTHORS = FIELDS.indexOf('authors');
  const PARTS = FIELDS.indexOf('parts');

  /** Docs having the term in one field, marked in `into` (1) or kept there only if they have it (&). */
  function markField(into: Uint8Array, term: string, field: number, narrow: boolean) {
    const { docs, counts } = postingsOf(term);
    const has = new Uint8Array(into.length);
    for (let i = 0; i < docs.length; i += 1) if (counts[i * FIELDS.length + field]! > 0) has[docs[i]!] = 1;
    for (let doc = 0; doc < into.length; doc += 1) into[doc] = narrow ? into[doc]! & has[doc]! : has[doc]!;
  }
  const idf = (term: string) => inverseFrequency(documentFrequency(term), state.size);

  /**
   * The allowed docs whose title holds the typed words, ascending: of those with the rarest anchor term in their
   * title, those with the others there too (sought in their lists), checked word for word. Checking every title
   * having the rarest term cost a tenth of a search when it was a common word.
   */
  function titlesWithAll(anchors: readonly string[], typed: string, allowed?: Uint8Array): number[] {
    const [rarest, ...others] = anchors.map(postingsOf);
    const { docs, counts } = rarest!;
    const at = new Uint32Array(others.length);
    const found: number[] = [];
    next: for (let i = 0; i < docs.length; i += 1) {
      const doc = docs[i]!;
      if (counts[i * FIELDS.length] === 0 || (allowed && !allowed[doc])) continue;
      for (let o = 0; o < others.length; o += 1) {
        const other = others[o]!;
        at[o] = seek(other.docs, at[o]!, doc);
        if (other.docs[at[o]!] !== doc || other.counts[at[o]! * FIELDS.length] === 0) continue next;
      }
      if (state.titles.holds(doc, typed)) found.push(doc);
    }
    return found;
  }

  return {
    get size() {
      return state.size;
    },
    get: (id) => library.get(id),
    byTitle: (title) => library.byTitle(title),
    newest: (limit, offset) => library.newest(limit, offset),
    allowed(filters: Filters) {
      const allowed = new Uint8Array(state.segment.length);
      if (filters.category) markField(allowed, categoryTerm(filters.category), PARTS, false);
      else for (let doc = 0; doc < allowed.length; doc += 1) allowed[doc] = state.segment[doc]! >= 0 ? 1 : 0;
      for (const term of filters.author ?? []) markField(allowed, term, AUTHORS, true);
      if (filters.from !== undefined || filters.to !== undefined) {
        const days = daysOf();
        for (let doc = 0; doc < allowed.length; doc += 1) {
          if (allowed[doc] && !inDateRange(filters, days[doc] ?? 0)) allowed[doc] = 0;
        }
      }
      return allowed;
    },
    day: (doc) => daysOf()[doc] ?? 0,
    titled(needle, allowed, limit) {
      const found = state.titles.holding(needle).filter((doc) => !allowed || allowed[doc]);
      return topK(found, (doc) => -state.titles.of(doc).length, limit);
    },
    titleHolds(term, needle) {
      const { docs, counts } = postingsOf(term);
      for (let i = 0; i < docs.length; i += 1) {
        if (counts[i * FIELDS.length]! > 0 && state.titles.holds(docs[i]!, needle)) return true;
      }
      return false;
    },
    match(weighted, limit, allowed) {
      const total = weighted.words.reduce((sum, word) => sum + word.weight, 0) || 1;
      // A term shared by several words adds to a doc's score once, for the first word having it.
      const scored = new Set<string>();
      const words = weighted.words.map((word) => ({
        share: word.weight / total,
        terms: word.terms.map((term) => {
          const weight = scored.has(term) ? 0 : (weighted.terms.get(term) ?? 0) * idf(term);
          scored.add(term);
          return { ...scoredOf(term), weight };
        }),
      }));
      // Titles holding the typed words are among those with every anchor term in their title, or, when every
      // content word may be half-typed, among the papers having all the typed words.
      const { typed, anchors } = weighted;
      const typedTitles = typed && anchors ? titlesWithAll(anchors, typed, allowed) : [];
      const { scratch } = state;
      const exhaustive = typed !== undefined && !anchors;
      const matched = scoreWords(words, scratch, { limit, allowed, keep: typedTitles, exhaustive });
      if (typed && exhaustive) {
        for (const doc of matched) {
          if (scratch.covered[doc]! >= FULL_COVERAGE && state.titles.holds(doc, typed)) typedTitles.push(doc);
        }
      }
      const relevanceOf = (doc: number) => weighed(scratch.scores[doc]!, scratch.covered[doc]!);
      return pickMatches(matched, relevanceOf, typedTitles, limit).map((doc) => ({
        doc,
        score: scratch.scores[doc]!,
        coverage: scratch.covered[doc]!,
      }));
    },
    summaries: (docs) => library.summaries(docs),
    papers: (docs) => library.papersAt(docs),
    refresh() {
      if (library.version() === state.version) return;
      state = loadLayout(library);
      vocabulary = undefined;
    },
    documentFrequency,
    vocabulary: () => (vocabulary ??= vocabularyOf(library.wordList())),
    canonicalId: (id) => library.canonicalId(id),
  };
}
