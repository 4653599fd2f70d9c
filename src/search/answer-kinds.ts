import type { Paper } from '../core/paper.js';
import { sentences } from '../core/text.js';
import type { Answer, Citation } from './answer.js';
import { namedPapers, shortName, type Weighed, weigh } from './answer-terms.js';
import type { PaperIndex, SearchHit } from './paper-index.js';
import type { Question, ThingKind } from './question.js';
import { definitionFit, thingsFit } from './sentence-fit.js';

/** A sentence that could answer, with how well. */
export interface Candidate {
  readonly text: string;
  readonly paper: Paper;
  readonly score: number;
}

export interface PickLimits {
  readonly max: number;
  readonly perPaper: number;
  /** Further sentences must score at least this share of the best one, or the answer gets padded with noise. */
  readonly keepRatio: number;
}

/** The best candidates, best first, within the limits, each sentence once. */
export function pick(candidates: readonly Candidate[], limits: PickLimits): Citation[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score || a.paper.id.localeCompare(b.paper.id));
  const best = sorted[0];
  const chosen: Citation[] = [];
  const perPaper = new Map<string, number>();
  for (const c of sorted) {
    if (!best || chosen.length >= limits.max || c.score < best.score * limits.keepRatio) break;
    if ((perPaper.get(c.paper.id) ?? 0) >= limits.perPaper || chosen.some((x) => x.text === c.text)) continue;
    chosen.push({ text: c.text, paper: c.paper });
    perPaper.set(c.paper.id, (perPaper.get(c.paper.id) ?? 0) + 1);
  }
  return chosen;
}

// Papers sharing less than this of the question's subject are not about it, whatever sentence they hold.
const MIN_PAPER_COVERAGE = 0.75;
const MIN_PAPER_RELEVANCE = 0.3;
const MIN_CLOSEST_COVERAGE = 0.34;
// Definitions are rarer than mentions: look further down the list for the paper that gives one.
const SUBJECT_PAPERS = 20;

const fullText = (paper: Paper) => `${paper.title}. ${paper.abstract}`;

/** The papers on the question's subject, each with how relevant it is (0–1): the named ones, else the best matches. */
function subjectPapers(index: PaperIndex, weighed: Weighed, asked: string): { paper: Paper; relevance: number }[] {
  const named = namedPapers(index, asked, weighed.hits);
  if (named.length) return named.map((paper) => ({ paper, relevance: 1 }));
  const top = Math.max(0, ...weighed.hits.map((hit) => hit.score));
  return weighed.hits
    .filter(
      (hit) => hit.score >= top * MIN_PAPER_RELEVANCE && weighed.coverage(fullText(hit.paper)) >= MIN_PAPER_COVERAGE,
    )
    .map((hit) => ({ paper: hit.paper, relevance: hit.score / top }));
}

/** The papers offered instead of an answer: those sharing a fair part of the question, at most three. */
export const closestOf = (weighed: Weighed): SearchHit[] =>
  weighed.hits.filter((hit) => weighed.coverage(fullText(hit.paper)) >= MIN_CLOSEST_COVERAGE).slice(0, 3);

const answered = (sentences: Citation[], weighed: Weighed): Answer =>
  sentences.length ? { found: true, sentences } : { found: false, closest: closestOf(weighed) };

/** "What is X?": the sentences that introduce or define X, from the papers about X. */
export function definitionAnswer(index: PaperIndex, question: Question, asked: string): Answer {
  const weighed = weigh(index, question.topic, SUBJECT_PAPERS);
  const candidates = subjectPapers(index, weighed, asked).flatMap(({ paper, relevance }) =>
    sentences(paper.abstract).flatMap(({ text }) => {
      const fit = definitionFit(text, question.topic);
      return fit >= 0.6 ? [{ text, paper, score: 0.6 * fit + 0.25 * relevance + 0.15 * weighed.coverage(text) }] : [];
    }),
  );
  return answered(pick(candidates, { max: 2, perPaper: 1, keepRatio: 0.85 }), weighed);
}

/** The names a paper's sentences should not count as things it uses: its own. */
const ownNames = (paper: Paper) =>
  new Set(
    (shortName(paper) ?? '')
      .toLowerCase()
      .split(/[\s:]+/)
      .filter(Boolean),
  );

/** "Which datasets / models / metrics / baselines …?": sentences naming such things, from papers on the subject. */
export function thingsAnswer(index: PaperIndex, question: Question & { kind: ThingKind }, asked: string): Answer {
  const weighed = weigh(index, question.topic || asked, SUBJECT_PAPERS);
  const papers = subjectPapers(index, weighed, asked);
  const named = papers.length === 1 && papers[0]?.relevance === 1;
  const candidates = papers.flatMap(({ paper, relevance }) =>
    sentences(paper.abstract).flatMap(({ text }) => {
      const fit = thingsFit(text, question.kind, ownNames(paper));
      return fit >= 0.5 ? [{ text, paper, score: 0.5 * fit + 0.3 * relevance + 0.2 * weighed.coverage(text) }] : [];
    }),
  );
  return answered(pick(candidates, { max: 3, perPaper: named ? 3 : 1, keepRatio: 0.7 }), weighed);
}

/** The sentence of one side of a comparison: what its paper says it is, else where it best matches. */
function sideOf(index: PaperIndex, side: string): Citation | undefined {
  const weighed = weigh(index, side, 5);
  const paper =
    namedPapers(index, side, weighed.hits)[0] ??
    weighed.hits.find((hit) => weighed.coverage(fullText(hit.paper)) >= MIN_PAPER_COVERAGE)?.paper;
  if (!paper) return undefined;
  const scored = sentences(paper.abstract).map(({ text }) => ({
    text,
    score: definitionFit(text, side) + 0.3 * weighed.coverage(text),
  }));
  const best = scored.reduce<(typeof scored)[number] | undefined>(
    (a, b) => (a && a.score >= b.score ? a : b),
    undefined,
  );
  return best && best.score > 0 ? { text: best.text, paper } : undefined;
}

/** What each side is: its definitions, best first, else its best sentence. */
function sideCandidates(index: PaperIndex, side: string): Citation[] {
  const defined = definitionAnswer(index, { kind: 'definition', topic: side, many: false }, side);
  const fallback = sideOf(index, side);
  return [...(defined.found ? defined.sentences : []), ...(fallback ? [fallback] : [])];
}

/** "Compare X and Y": a sentence about each, from two different papers. */
export function compareAnswer(index: PaperIndex, question: Question, asked: string): Answer {
  const [left = [], right = []] = (question.pair ?? []).map((side) => sideCandidates(index, side));
  const a = left[0];
  const b = right.find((c) => c.paper.id !== a?.paper.id);
  if (a && b) return { found: true, sentences: [a, b] };
  return { found: false, closest: closestOf(weigh(index, question.topic || asked, 5)) };
}
