import type { Paper } from '../core/paper.js';
import { indexTerms } from '../core/text.js';
import { factAnswer } from './answer-facts.js';
import { type Candidate, closestOf, compareAnswer, definitionAnswer, pick, thingsAnswer } from './answer-kinds.js';
import { namedPapers, weigh } from './answer-terms.js';
import type { PaperIndex, SearchHit } from './paper-index.js';
import { classifyQuestion, type Question } from './question.js';
import { numberFit } from './sentence-fit.js';
import { scoreSentences } from './snippet.js';

/** What a citation from a paper's metadata states: one of its links, its authors or its date. */
export type Fact = 'code' | 'project' | 'pdf' | 'page' | 'authors' | 'published';

/**
 * One piece of an answer with the paper it cites: a sentence quoted from the paper's abstract, or, with a
 * `fact`, the value of that fact (a link, the authors joined by commas, the ISO date).
 */
export interface Citation {
  readonly text: string;
  readonly paper: Paper;
  readonly fact?: Fact;
}

/** The papers an answer cites, each once, in the order first cited: citation [n] is the n-th. */
export const citedPapers = (citations: readonly Citation[]): Paper[] => [
  ...new Map(citations.map((c) => [c.paper.id, c.paper])).values(),
];

export type Answer =
  | { readonly found: true; readonly sentences: readonly Citation[] }
  | { readonly found: false; readonly closest: readonly SearchHit[] };

const CANDIDATE_PAPERS = 8;
// Below this share of the question's weight a sentence does not answer it, however good its paper.
const MIN_COVERAGE = 0.45;
const MIN_PAPER_RELEVANCE = 0.3;

/**
 * Any other question: the abstract sentences that contain most of the question's telling words, from papers
 * that match the question as a whole (only the named paper when it names one). A numbers question takes only
 * sentences with a number; a question asking for several things may get more sentences.
 */
function generalAnswer(index: PaperIndex, question: Question, asked: string): Answer {
  const weighed = weigh(index, asked, CANDIDATE_PAPERS);
  const { hits, total } = weighed;
  const topScore = Math.max(0, ...hits.map((hit) => hit.score));
  if (total === 0 || topScore === 0) return { found: false, closest: [] };
  const named = new Set(namedPapers(index, asked, hits).map((paper) => paper.id));

  const candidates = hits
    .filter((hit) => hit.score >= topScore * MIN_PAPER_RELEVANCE && (!named.size || named.has(hit.paper.id)))
    .flatMap((hit) => {
      const name = new Set(indexTerms(hit.paper.title.split(':')[0] ?? ''));
      return (
        scoreSentences(hit.paper.abstract, weighed.weightOf)
          // A sentence that only names the paper ("We present LaDI-VTON, …") says nothing about the question.
          .filter((sentence) => [...sentence.matched].some((term) => !name.has(term)))
          .filter((sentence) => question.kind !== 'number' || numberFit(sentence.text) > 0)
          .map((sentence) => ({ ...sentence, coverage: Math.min(1, sentence.score / total) }))
          .filter((sentence) => sentence.coverage >= MIN_COVERAGE)
          .map(
            (sentence): Candidate => ({
              text: sentence.text,
              paper: hit.paper,
              score: 0.65 * sentence.coverage + 0.35 * (hit.score / topScore),
            }),
          )
      );
    });
  const limits =
    question.kind === 'list' ? { max: 5, perPaper: 2, keepRatio: 0.7 } : { max: 3, perPaper: 2, keepRatio: 0.8 };
  const sentences = pick(candidates, limits);
  return sentences.length ? { found: true, sentences } : { found: false, closest: closestOf(weighed).slice(0, 3) };
}

/**
 * Answers a question extractively, without a language model. The question's kind (src/search/question.ts)
 * decides how: a definition is the sentence introducing its subject, a datasets question the sentences naming
 * datasets, a link or the authors come from the paper's metadata, anything else the sentences sharing most of
 * the question's words. Only papers on the question's subject are cited (the named paper when it names one);
 * when nothing answers, it says so and offers the closest papers instead of a stray sentence.
 */
export function answer(index: PaperIndex, question: string): Answer {
  const asked = classifyQuestion(question);
  switch (asked.kind) {
    case 'definition':
      return definitionAnswer(index, asked, question);
    case 'datasets':
    case 'models':
    case 'metrics':
    case 'baselines':
      return thingsAnswer(index, { ...asked, kind: asked.kind }, question);
    case 'link':
    case 'authors':
    case 'published':
      return factAnswer(index, asked, question);
    case 'compare':
      return compareAnswer(index, asked, question);
    default:
      return generalAnswer(index, asked, question);
  }
}
