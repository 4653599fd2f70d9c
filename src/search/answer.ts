import type { Paper } from '../core/paper.js';
import { indexTerms } from '../core/text.js';
import type { PaperIndex, SearchHit } from './paper-index.js';
import { scoreSentences } from './snippet.js';

/** One sentence of an answer, quoted from the abstract of the paper it cites. */
export interface Citation {
  readonly text: string;
  readonly paper: Paper;
}

/** The papers an answer cites, each once, in the order first cited: citation [n] is the n-th. */
export const citedPapers = (citations: readonly Citation[]): Paper[] => [
  ...new Map(citations.map((c) => [c.paper.id, c.paper])).values(),
];

export type Answer =
  | { readonly found: true; readonly sentences: readonly Citation[] }
  | { readonly found: false; readonly closest: readonly SearchHit[] };

const CANDIDATE_PAPERS = 8;
const MAX_SENTENCES = 3;
const MAX_PER_PAPER = 2;
// Below this share of the question's weight a sentence does not answer it, however good its paper.
const MIN_COVERAGE = 0.45;
// Further sentences must be nearly as good as the best one, or the answer gets padded with noise.
const KEEP_RATIO = 0.8;
const MIN_CLOSEST_COVERAGE = 0.34;
const MIN_PAPER_RELEVANCE = 0.3;

const ASKS_FOR_NUMBER = /\b(how (many|much|large|big|long|fast)|what (number|percentage))\b/i;

/**
 * Answers a question extractively, without a language model: the abstract sentences that contain most of
 * the question's telling words, from papers that match the question as a whole. When no sentence covers
 * enough of the question, it says so and offers the closest papers instead of a stray sentence.
 */
export function answer(index: PaperIndex, question: string): Answer {
  const { hits, plan } = index.search(question, { limit: CANDIDATE_PAPERS });
  const weights = new Map<string, number>();
  for (const unit of plan.units)
    for (const t of unit.terms) weights.set(t.term, Math.max(t.weight, weights.get(t.term) ?? 0));
  const weightOf = (term: string) => (weights.has(term) ? index.idf(term) * weights.get(term)! : undefined);
  const questionWeight = plan.units
    .filter((unit) => unit.covers.length === 1)
    .reduce((sum, unit) => sum + Math.max(0, ...unit.terms.map((t) => weightOf(t.term) ?? 0)), 0);
  const topScore = Math.max(0, ...hits.map((hit) => hit.score));
  // Papers offered instead of an answer must share a fair part of the question, or they are just noise.
  const coverageOf = (text: string) => {
    const matched = new Set(scoreSentences(text, weightOf).flatMap((sentence) => [...sentence.matched]));
    return Math.min(1, [...matched].reduce((sum, term) => sum + (weightOf(term) ?? 0), 0) / questionWeight);
  };
  const closest = () =>
    hits.filter((hit) => coverageOf(`${hit.paper.title}. ${hit.paper.abstract}`) >= MIN_CLOSEST_COVERAGE).slice(0, 3);
  if (questionWeight === 0 || topScore === 0) return { found: false, closest: [] };

  const wantsNumber = ASKS_FOR_NUMBER.test(question);
  // Sentences come only from papers that match the question as a whole, not from any paper sharing a word.
  const candidates = hits
    .filter((hit) => hit.score >= topScore * MIN_PAPER_RELEVANCE)
    .flatMap((hit) => {
      const name = new Set(indexTerms(hit.paper.title.split(':')[0] ?? ''));
      return (
        scoreSentences(hit.paper.abstract, weightOf)
          // A sentence that only names the paper ("We present LaDI-VTON, …") says nothing about the question.
          .filter((sentence) => [...sentence.matched].some((term) => !name.has(term)))
          .map((sentence) => {
            const coverage = Math.min(1, sentence.score / questionWeight);
            const numberBonus = wantsNumber && /\d/.test(sentence.text) ? 0.1 : 0;
            return {
              text: sentence.text,
              paper: hit.paper,
              coverage,
              score: 0.65 * coverage + 0.35 * (hit.score / topScore) + numberBonus,
            };
          })
      );
    });
  candidates.sort((a, b) => b.score - a.score || a.paper.id.localeCompare(b.paper.id));

  const best = candidates[0];
  if (!best || best.coverage < MIN_COVERAGE) return { found: false, closest: closest() };
  const chosen: Citation[] = [];
  const perPaper = new Map<string, number>();
  for (const c of candidates) {
    if (chosen.length >= MAX_SENTENCES || c.score < best.score * KEEP_RATIO) break;
    if (c.coverage < MIN_COVERAGE || (perPaper.get(c.paper.id) ?? 0) >= MAX_PER_PAPER) continue;
    if (chosen.some((x) => x.text === c.text)) continue;
    chosen.push({ text: c.text, paper: c.paper });
    perPaper.set(c.paper.id, (perPaper.get(c.paper.id) ?? 0) + 1);
  }
  return { found: true, sentences: chosen };
}
