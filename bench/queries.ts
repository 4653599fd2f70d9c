// Deterministic query generation from the corpus: what people type when they look for a paper they know
// (a title fragment, the same with a typo, or with the last word cut short) and topic phrases from abstracts.
import type { Paper } from '../src/core/paper.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same queries on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type QueryKind = 'fragment' | 'typo' | 'cut' | 'topic';
export const KINDS: readonly QueryKind[] = ['fragment', 'typo', 'cut', 'topic'];
/** The kinds whose known item is the paper a person means; topic queries have no single right answer. */
export const KNOWN_ITEM_KINDS: readonly QueryKind[] = ['fragment', 'typo', 'cut'];

export interface BenchQuery {
  readonly kind: QueryKind;
  /** The text as typed (lowercase, no trailing space). */
  readonly text: string;
  /** The id of the paper the query was made from (paperbot's id for it, e.g. `1501.04038`). */
  readonly paperId: string;
}

// Our own short list, independent of paperbot's, so the generator does not favour the engine under test.
const STOP = new Set(
  'a an and are as at be been but by can do does for from has have how in into is it its of on or our over than that the their then these this those through to under up using via was we were what when where which while who why will with within without'.split(
    ' ',
  ),
);

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;
const between = (lo: number, hi: number, random: () => number) => lo + Math.floor(random() * (hi - lo + 1));

// A word as typed: letters and digits, maybe joined by hyphens or apostrophes ("fine-grained", "don't").
const TYPED_WORD = /^[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*$/u;
const LETTERS = /^\p{L}+$/u;
const isContent = (word: string) => word.length >= 4 && LETTERS.test(word) && !STOP.has(word);

/** A title's words as someone would type them: lowercase, edge punctuation gone; undefined for LaTeX and symbols. */
function typedWords(title: string): (string | undefined)[] {
  return title
    .split(/\s+/)
    .filter(Boolean)
    .map((raw) => {
      const word = raw.toLowerCase().replace(/^[("'“‘[]+|[)"'”’\].,:;!?]+$/gu, '');
      return TYPED_WORD.test(word) ? word : undefined;
    });
}

/**
 * A 3–6 word window of the title that can carry every known-item kind: all words typeable, at least two
 * content words (a fragment like "on the use of" names no paper), a word of ≥5 letters to mistype, and a
 * last word long enough to cut to 3–5 letters.
 */
function titleFragment(paper: Paper, random: () => number): string[] | undefined {
  const words = typedWords(paper.title);
  const windows: string[][] = [];
  for (let length = 3; length <= 6; length += 1) {
    for (let start = 0; start + length <= words.length; start += 1) {
      const window = words.slice(start, start + length);
      if (window.some((w) => w === undefined)) continue;
      const typed = window as string[];
      if (typed.filter(isContent).length < 2) continue;
      if (!typed.some((w) => w.length >= 5 && LETTERS.test(w))) continue;
      const last = typed[typed.length - 1]!;
      if (last.length < 4 || !LETTERS.test(last)) continue;
      windows.push(typed);
    }
  }
  return windows.length ? pick(windows, random) : undefined;
}

/** One typo in one word of ≥5 letters: two adjacent inner letters swapped, or one letter (not the first) dropped. */
function withTypo(words: readonly string[], random: () => number): string[] | undefined {
  const candidates = words.map((w, i) => ({ w, i })).filter(({ w }) => w.length >= 5 && LETTERS.test(w));
  if (candidates.length === 0) return undefined;
  const { w, i } = pick(candidates, random);
  let typo: string;
  if (random() < 0.5) {
    // Inner letters only: neither the first nor the last moves. Retry past doubled letters ("ll" swaps to itself).
    const spots = [...Array(w.length - 3).keys()].map((k) => k + 1).filter((k) => w[k] !== w[k + 1]);
    if (spots.length === 0) return undefined;
    const k = pick(spots, random);
    typo = w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
  } else {
    const k = between(1, w.length - 1, random);
    typo = w.slice(0, k) + w.slice(k + 1);
  }
  return words.map((word, j) => (j === i ? typo : word));
}

/** The fragment with its last word cut to its first 3–5 letters (always shorter than the word). */
function withCut(words: readonly string[], random: () => number): string[] {
  const last = words[words.length - 1]!;
  const keep = between(3, Math.min(5, last.length - 1), random);
  return [...words.slice(0, -1), last.slice(0, keep)];
}

/** Two or three consecutive content words of the abstract, never across punctuation or LaTeX. */
function topicPhrase(text: string, lengths: readonly number[], random: () => number): string | undefined {
  const runs: string[][] = [];
  for (const clause of text.split(/[.,;:!?()[\]{}"$\\/=<>]+/)) {
    const words = clause.toLowerCase().split(/\s+/).filter(Boolean);
    for (const length of lengths) {
      for (let start = 0; start + length <= words.length; start += 1) {
        const window = words.slice(start, start + length);
        if (window.every(isContent)) runs.push(window);
      }
    }
  }
  return runs.length ? pick(runs, random).join(' ') : undefined;
}

/**
 * `perKind` queries of each kind from the sampled papers, in sample order. The three known-item kinds come
 * from the same fragment of the same paper, so their recall differs only by the typo or the cut; the topic
 * query comes from the same paper's abstract.
 */
export function generateQueries(sample: readonly Paper[], perKind: number, seed: number): BenchQuery[] {
  const random = mulberry32(seed);
  const byKind = new Map<QueryKind, BenchQuery[]>(KINDS.map((kind) => [kind, []]));
  for (const paper of sample) {
    if (byKind.get('fragment')!.length >= perKind) break;
    const fragment = titleFragment(paper, random);
    if (!fragment) continue;
    const typo = withTypo(fragment, random);
    const topic = topicPhrase(paper.abstract, [2, 3], random);
    if (!typo || !topic) continue;
    const paperId = paper.id;
    byKind.get('fragment')!.push({ kind: 'fragment', text: fragment.join(' '), paperId });
    byKind.get('typo')!.push({ kind: 'typo', text: typo.join(' '), paperId });
    byKind.get('cut')!.push({ kind: 'cut', text: withCut(fragment, random).join(' '), paperId });
    byKind.get('topic')!.push({ kind: 'topic', text: topic, paperId });
  }
  const made = byKind.get('fragment')!.length;
  if (made < perKind)
    throw new Error(`only ${made} papers of the sample gave queries; ${perKind} per kind were asked for`);
  // Interleave the kinds so warm-up and any drift over the run touch all four alike.
  return [...Array(perKind).keys()].flatMap((i) => KINDS.map((kind) => byKind.get(kind)![i]!));
}

/** `count` distinct two-word topics from titles, as a channel would follow them ("graph neural"). */
export function dailyTopics(sample: readonly Paper[], count: number, seed: number): string[] {
  const random = mulberry32(seed);
  const topics = new Set<string>();
  for (let round = 0; round < 5 && topics.size < count; round += 1) {
    for (const paper of sample) {
      const topic = topicPhrase(paper.title, [2], random);
      if (topic) topics.add(topic);
      if (topics.size >= count) break;
    }
  }
  return [...topics];
}
