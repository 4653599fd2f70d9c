import type { Paper } from '../core/paper.js';
import { allTermsOfWord, words } from '../core/text.js';
import type { Citation } from '../search/answer.js';
import type { PaperIndex } from '../search/paper-index.js';
import { scoreSentences } from '../search/snippet.js';

const MAX_SENTENCES = 2;
// A second sentence must be nearly as telling as the best, or it only pads the answer.
const KEEP_RATIO = 0.6;

/**
 * The sentences of one paper's abstract that best answer a question, in the abstract's order: those holding
 * the question's rarest words. None when no sentence shares a telling word with the question.
 */
export function answerFromPaper(index: PaperIndex, paper: Paper, question: string): Citation[] {
  const terms = new Set(words(question).flatMap(allTermsOfWord));
  const weightOf = (term: string) => (terms.has(term) ? index.idf(term) : undefined);
  const scored = scoreSentences(paper.abstract, weightOf).map((sentence, at) => ({ ...sentence, at }));
  const best = Math.max(0, ...scored.map((s) => s.score));
  if (best === 0) return [];
  return scored
    .filter((s) => s.score >= best * KEEP_RATIO)
    .sort((a, b) => b.score - a.score || a.at - b.at)
    .slice(0, MAX_SENTENCES)
    .sort((a, b) => a.at - b.at)
    .map((s) => ({ text: s.text, paper }));
}
