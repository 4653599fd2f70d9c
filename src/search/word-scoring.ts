import { weighed } from './rank.js';
import { seek } from './seek.js';

/** A term's postings as scoring reads them (docs ascending), its weight in the query and its highest impact. */
export interface ScoredTerm {
  readonly docs: Uint32Array;
  readonly impacts: Float32Array;
  readonly best: number;
  /** 0 when another word of the query scores the term (a term adds to a doc's score once). */
  readonly weight: number;
}

/** A typed word: its share of the query's weight (coverage) and the terms standing for it. */
export interface ScoredWord {
  readonly share: number;
  readonly terms: readonly ScoredTerm[];
}

/**
 * Per-doc working space kept from query to query. `marks` holds the word that last touched a doc, numbered across
 * queries, so a doc marked before this query's first word is unseen: only the bits of `seen` (a 32nd of the
 * marks) are cleared between queries. Kept apart, not side by side per doc: a common word's postings read each
 * array in order, and a doc's three values together took twice as long (a cache line per posting).
 */
export interface Scratch {
  readonly marks: Uint32Array;
  readonly scores: Float64Array;
  readonly covered: Float64Array;
  /** Room to list the docs a query touched. */
  readonly touched: Uint32Array;
  /** One bit per doc, set when the query touches it: listing them reads 32 docs a number. */
  readonly seen: Int32Array;
  word: number;
}

export const scratchFor = (docs: number): Scratch => ({
  marks: new Uint32Array(docs),
  scores: new Float64Array(docs),
  covered: new Float64Array(docs),
  touched: new Uint32Array(docs),
  seen: new Int32Array(Math.ceil(docs / 32)),
  word: 0,
});

export interface ScoringOptions {
  readonly limit: number;
  readonly allowed?: Uint8Array | undefined;
  /** Docs to score in full (in the scratch) whether or not they make the best `limit`: titles holding the typed words. */
  readonly keep?: readonly number[];
  /** Every doc having a typed word is wanted, scored in full (no pruning). */
  readonly exhaustive?: boolean;
}

// A bound is compared with the threshold less this share: sums taken in another order may differ in the last bits.
const SLACK = 1e-9;
// A check lists and heaps the touched docs; it pays only when the lists left hold more postings than a quarter of
// the docs (and than the docs touched).
const CHECK_COST = 4;
// A list this many times longer than the docs still wanted is searched for each of them, not read through.
const SEEK_RATIO = 8;

const postingsIn = (word: ScoredWord) => word.terms.reduce((sum, term) => sum + term.docs.length, 0);

/** Whether heap entry `i` is worse than (`value`, `doc`): less relevant, or as relevant and a later doc. */
const worse = (values: Float64Array, held: Uint32Array, i: number, value: number, doc: number) =>
  values[i]! < value || (values[i] === value && held[i]! > doc);

/** The best docs so far, least relevant first (a min-heap), in typed arrays as 100,000s of docs are read. */
interface Heap {
  readonly values: Float64Array;
  readonly held: Uint32Array;
}

/**
 * Fills the heap with the most relevant of the docs (ascending) touched since word `first`
 * (ties to the lower doc, as `topK` breaks them) and returns how many it holds. Docs are read in ascending
 * order: read in the order met (list after list, each spread over the whole collection), every doc missed the
 * processor's caches, six times slower at 1 M papers. It returns a plain number, and what it builds is read by the
 * caller: V8 optimises its loop while it runs, and code after the loop never run before would deoptimise it
 * on every call (measured: two thirds of a search at 1 M papers).
 */
function fillHeap(docs: Uint32Array, scratch: Scratch, first: number, heap: Heap): number {
  const { scores, covered, marks } = scratch;
  const { values, held } = heap;
  const k = values.length;
  let size = 0;
  for (let i = 0; i < docs.length; i += 1) {
    const doc = docs[i]!;
    // A doc kept though it has none of the words is no match.
    if (marks[doc]! < first) continue;
    const value = weighed(scores[doc]!, covered[doc]!);
    if (size === k && !worse(values, held, 0, value, doc)) continue;
    let at = 0;
    if (size < k) {
      at = size++;
      for (let parent = (at - 1) >> 1; at > 0 && !worse(values, held, parent, value, doc); parent = (at - 1) >> 1) {
        values[at] = values[parent]!;
        held[at] = held[parent]!;
        at = parent;
      }
    } else {
      for (;;) {
        let child = 2 * at + 1;
        if (child >= k) break;
        if (child + 1 < k && worse(values, held, child + 1, values[child]!, held[child]!)) child += 1;
        if (!worse(values, held, child, value, doc)) break;
        values[at] = values[child]!;
        held[at] = held[child]!;
        at = child;
      }
    }
    values[at] = value;
    held[at] = doc;
  }
  return size;
}

/** The `k` most relevant docs touched since word `first`, and the least relevance among them (0 if under `k`). */
function bestOf(docs: Uint32Array, scratch: Scratch, k: number, first: number) {
  const heap = { values: new Float64Array(k), held: new Uint32Array(k) };
  const size = fillHeap(docs, scratch, first, heap);
  return { docs: heap.held.subarray(0, size), least: size < k ? 0 : heap.values[0]! };
}

/** Adds a word's terms to every allowed doc having them, touching docs met first; returns how many it touched. */
function addWord(word: ScoredWord, scratch: Scratch, first: number, allowed?: Uint8Array): number {
  const { marks, scores, covered, seen } = scratch;
  scratch.word += 1;
  const mark = scratch.word;
  const { share } = word;
  let touched = 0;
  for (const term of word.terms) {
    const { docs, impacts, weight } = term;
    for (let i = 0; i < docs.length; i += 1) {
      const doc = docs[i]!;
      if (allowed && !allowed[doc]) continue;
      const last = marks[doc]!;
      if (last !== mark) {
        marks[doc] = mark;
        if (last < first) {
          scores[doc] = weight * impacts[i]!;
          covered[doc] = share;
          seen[doc >>> 5]! |= 1 << (doc & 31);
          touched += 1;
          continue;
        }
        covered[doc] = covered[doc]! + share;
      }
      scores[doc] = scores[doc]! + weight * impacts[i]!;
    }
  }
  return touched;
}

/**
 * Lists every doc the query touched, ascending, from the bits set for them; returns how many. Read in doc order
 * (see `fillHeap`), and only the set bits: a scan of every doc's mark took 2 ms a listing at 1 M papers.
 */
function listTouched(scratch: Scratch): number {
  const { seen, touched } = scratch;
  let count = 0;
  for (let at = 0; at < seen.length; at += 1) {
    for (let bits = seen[at]!; bits !== 0; bits &= bits - 1) {
      touched[count++] = 32 * at + 31 - Math.clz32(bits & -bits);
    }
  }
  return count;
}

const touchedDocs = (scratch: Scratch) => scratch.touched.subarray(0, listTouched(scratch));

/** The docs (ascending) with those to keep among them, ascending. */
function withKept(docs: Uint32Array, kept: Uint32Array): Uint32Array {
  const all = new Uint32Array(docs.length + kept.length);
  let [d, k, count] = [0, 0, 0];
  while (d < docs.length || k < kept.length) {
    const next = k >= kept.length || (d < docs.length && docs[d]! <= kept[k]!) ? docs[d++]! : kept[k++]!;
    if (count === 0 || all[count - 1] !== next) all[count++] = next;
  }
  return all.subarray(0, count);
}

/**
 * Keeps in place (and counts) the docs (ascending) to keep and those that can still reach `least` with at most
 * `bound` more score and `share` more coverage.
 */
function keepReaching(
  docs: Uint32Array,
  scratch: Scratch,
  kept: Uint32Array,
  bound: number,
  share: number,
  least: number,
): number {
  let [count, k] = [0, 0];
  for (let i = 0; i < docs.length; i += 1) {
    const doc = docs[i]!;
    while (k < kept.length && kept[k]! < doc) k += 1;
    const keep = k < kept.length && kept[k] === doc;
    if (keep || weighed(scratch.scores[doc]! + bound, scratch.covered[doc]! + share) >= least) docs[count++] = doc;
  }
  return count;
}

/** Adds a word's terms to the candidates (ascending) having them, seeking through long lists. */
function addWordTo(word: ScoredWord, scratch: Scratch, candidates: Uint32Array): void {
  const { marks, scores, covered, seen } = scratch;
  scratch.word += 1;
  const mark = scratch.word;
  const { share } = word;
  for (const { docs, impacts, weight } of word.terms) {
    const seeking = docs.length > SEEK_RATIO * candidates.length;
    let at = 0;
    for (let c = 0; c < candidates.length && at < docs.length; c += 1) {
      const doc = candidates[c]!;
      if (seeking) at = seek(docs, at, doc);
      else while (at < docs.length && docs[at]! < doc) at += 1;
      if (at >= docs.length || docs[at] !== doc) continue;
      if (marks[doc] !== mark) {
        marks[doc] = mark;
        covered[doc] = covered[doc]! + share;
        // A doc kept from before the query's words is touched once a word finds it.
        seen[doc >>> 5]! |= 1 << (doc & 31);
      }
      scores[doc] = scores[doc]! + weight * impacts[at]!;
    }
  }
}

/**
 * Scores the docs having any typed word: BM25 summed over the words' terms, and the share of the query's words
 * each doc has. Words are taken shortest lists first; once the words left could not lift a doc none of the
 * earlier words found into the best `limit` (their highest impacts, summed and weighed by their shares, fall
 * below the `limit`-th best so far), the longer lists are only looked up for the docs that can still make it
 * (MaxScore's idea, term at a time). Returns the best `limit` docs, scored in full in the scratch as are those
 * to keep; every doc having a word when exhaustive.
 */
export function scoreWords(words: readonly ScoredWord[], scratch: Scratch, options: ScoringOptions): Uint32Array {
  const { limit, allowed } = options;
  const order = [...words].sort((a, b) => postingsIn(a) - postingsIn(b));
  // What the words from each one on can add at most, to score and to coverage, and how many postings they have.
  const boundFrom = new Float64Array(order.length + 1);
  const shareFrom = new Float64Array(order.length + 1);
  const postingsFrom = new Float64Array(order.length + 1);
  for (let w = order.length - 1; w >= 0; w -= 1) {
    const word = order[w]!;
    boundFrom[w] = boundFrom[w + 1]! + word.terms.reduce((sum, term) => sum + term.weight * term.best, 0);
    shareFrom[w] = shareFrom[w + 1]! + word.share;
    postingsFrom[w] = postingsFrom[w + 1]! + postingsIn(word);
  }
  // Marks number words across queries; starting afresh before they would run past what they hold.
  if (scratch.word + order.length + 1 >= 0xffff_ffff) {
    scratch.marks.fill(0);
    scratch.word = 0;
  }
  const first = scratch.word + 1;
  scratch.seen.fill(0);
  let touched = 0;
  let threshold = 0;
  let w = 0;
  for (; w < order.length; w += 1) {
    // Worth checking only when the lists left are longer than a check reads (every doc's mark, a fraction of a
    // posting's cost each), and when the words left are worth less than the best any doc can have so far.
    const left = weighed(boundFrom[w]!, shareFrom[w]!);
    const most = weighed(boundFrom[0]! - boundFrom[w]!, shareFrom[0]! - shareFrom[w]!);
    const worthChecking = postingsFrom[w]! > Math.max(touched, scratch.touched.length / CHECK_COST);
    if (!options.exhaustive && w > 0 && worthChecking && left < most) {
      threshold = bestOf(touchedDocs(scratch), scratch, limit, first).least * (1 - SLACK);
      if (threshold > 0 && left < threshold) break;
    }
    touched += addWord(order[w]!, scratch, first, allowed);
  }
  if (options.exhaustive) return touchedDocs(scratch).slice();
  // Docs to keep that no word has touched yet are scored from nothing; marked as before this query's words,
  // they count as matches only once a word finds them.
  const kept = Uint32Array.from(new Set(options.keep)).sort();
  const { marks, scores, covered } = scratch;
  for (const doc of kept) {
    if (marks[doc]! >= first) continue;
    marks[doc] = first - 1;
    scores[doc] = 0;
    covered[doc] = 0;
  }
  let candidates = w < order.length ? withKept(touchedDocs(scratch), kept) : new Uint32Array(0);
  while (w < order.length) {
    candidates = candidates.subarray(
      0,
      keepReaching(candidates, scratch, kept, boundFrom[w]!, shareFrom[w]!, threshold),
    );
    // Looking the candidates up pays only when the lists are far longer: otherwise they are read through.
    if (postingsFrom[w]! < SEEK_RATIO * candidates.length) break;
    addWordTo(order[w]!, scratch, candidates);
    threshold = Math.max(threshold, bestOf(candidates, scratch, limit, first).least * (1 - SLACK));
    w += 1;
    if (w === order.length) return bestOf(candidates, scratch, limit, first).docs.slice();
  }
  for (; w < order.length; w += 1) addWord(order[w]!, scratch, first, allowed);
  return bestOf(touchedDocs(scratch), scratch, limit, first).docs.slice();
}
