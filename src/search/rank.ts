import type { PaperId } from '../core/paper.js';
import type { PaperSummary } from '../library/library.js';
import type { Match } from './engine.js';
import type { QueryPlan } from './query.js';

/** What ranking reads of a query's plan ("similar" has units alone: no typed words, no name). */
export type RankedPlan = Pick<QueryPlan, 'units' | 'compact' | 'phrase' | 'stillTyping' | 'partial'>;

/** A match as re-ranked: `base` is its relevance, `score` also puts titles typed word for word first. */
export interface Ranked {
  readonly doc: number;
  readonly summary: PaperSummary;
  readonly base: number;
  readonly score: number;
}

// The title says what a paper is about far more densely than the abstract; authors match names; the parts
// of coined names ("StyleGAN" → style, gan) only help when nothing better matches.
export const FIELD_BOOST = { title: 3, abstract: 1, authors: 1.5, parts: 0.3 };
// The share of the top score below which a hit is noise (a single common word in a long abstract).
const MIN_RELATIVE_SCORE = 0.12;
const MAX_HITS = 50;
// A title holding the typed words exactly as typed, in order, is very likely the paper the person has in mind.
const TYPED_IN_TITLE = 2;
// A paper that has the typed words side by side ("style transfer") is about them, not just near them.
const PHRASE_IN_TITLE = 1.4;
const PHRASE_IN_ABSTRACT = 1.15;

/** BM25's inverse document frequency: rare terms say more about a paper. */
export const inverseFrequency = (df: number, size: number) => Math.log(1 + (size - df + 0.5) / (df + 0.5));

/** A paper answering few of the typed words ranks below one answering all, however often it repeats them. */
export const weighed = (score: number, coverage: number) => score * (0.2 + 0.8 * coverage * coverage);
export const relevance = (match: Match) => weighed(match.score, match.coverage);

/** The typed phrase (two words or more) as a spaced normalised title holds it, the last word maybe half-typed. */
export function typedNeedle(plan: Pick<QueryPlan, 'phrase' | 'stillTyping'>): string | undefined {
  if (!plan.phrase.includes(' ')) return undefined;
  return plan.stillTyping ? ` ${plan.phrase}` : ` ${plan.phrase} `;
}

/** A paper's own name, as in "HyperStyle: StyleGAN Inversion with …" → "hyperstyle". */
function paperName(title: string): string | undefined {
  const colon = title.indexOf(':');
  if (colon <= 0) return undefined;
  const name = title.slice(0, colon);
  if (name.split(/\s+/).length > 4) return undefined;
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Half of a paper's name typed gets some of the boost of all of it ("ladi vton" → LaDI-VTON). */
function nameBoost(title: string, compact: string): number {
  const name = paperName(title);
  if (!name) return 1;
  return name === compact ? 3 : name.length >= 5 && compact.includes(name) ? 1.5 : 1;
}

/** Consecutive typed words as phrases of their main terms, spaced as in `PaperSummary.terms` (" style transfer "). */
function phrasesOf(plan: Pick<QueryPlan, 'units'>): [string, string][] {
  const single = new Map<number, string>();
  for (const unit of plan.units) {
    const main = unit.terms.find((t) => t.weight === 1)?.term;
    if (unit.covers.length === 1 && main && !single.has(unit.covers[0]!)) single.set(unit.covers[0]!, main);
  }
  const phrases: [string, string][] = [];
  for (const [word, term] of single) {
    const next = single.get(word + 1);
    if (next) phrases.push([term, next]);
  }
  return phrases;
}

/** Whether a line of terms has `b` right after `a`, or one term after it ("personalization methods for text"). */
function near(line: string, a: string, b: string): boolean {
  for (let at = line.indexOf(` ${a} `); at >= 0; at = line.indexOf(` ${a} `, at + 1)) {
    const after = at + a.length + 2;
    if (line.startsWith(`${b} `, after)) return true;
    const gap = line.indexOf(' ', after);
    if (gap >= 0 && line.startsWith(`${b} `, gap + 1)) return true;
  }
  return false;
}

function phraseBoost(terms: PaperSummary['terms'], phrases: readonly [string, string][]): number {
  let boost = 1;
  for (const [a, b] of phrases) {
    // A title has the words side by side; an abstract's longer sentences may put a word between them.
    boost *= terms.title.includes(` ${a} ${b} `)
      ? PHRASE_IN_TITLE
      : near(terms.abstract, a, b)
        ? PHRASE_IN_ABSTRACT
        : 1;
  }
  return boost;
}

/**
 * The matches in the order shown: relevance boosted for the paper's own name and for the typed words side by
 * side, titles typed word for word first; hits far below the best dropped, at most `depth` kept.
 */
export function rerank(
  matches: readonly Match[],
  summaries: ReadonlyMap<number, PaperSummary>,
  plan: RankedPlan,
  typed: string | undefined,
  options: { readonly exclude?: ReadonlySet<PaperId>; readonly depth?: number },
): Ranked[] {
  const phrases = phrasesOf(plan);
  const scored = matches
    .flatMap((match) => {
      const summary = summaries.get(match.doc);
      if (!summary || options.exclude?.has(summary.id)) return [];
      const inTitle = typed !== undefined && summary.spacedTitle.includes(typed);
      // A title holding the typed words has every one of them, the half-typed one too ("insta" → Instagram)
      // even when it is none of the completions looked up.
      const coverage = inTitle ? 1 : match.coverage;
      const base =
        weighed(match.score, coverage) * nameBoost(summary.title, plan.compact) * phraseBoost(summary.terms, phrases);
      const exact = inTitle ? TYPED_IN_TITLE : 1;
      return [{ doc: match.doc, summary, base, score: base * exact }];
    })
    .sort(
      (a, b) =>
        b.score - a.score || a.summary.title.localeCompare(b.summary.title) || a.summary.id.localeCompare(b.summary.id),
    );
  // The typed title only orders the hits: which papers are relevant enough to show is judged without it.
  const floor = Math.max(0, ...scored.map((hit) => hit.base)) * MIN_RELATIVE_SCORE;
  return scored.filter((hit) => hit.base > 0 && hit.base >= floor).slice(0, options.depth ?? MAX_HITS);
}
