import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { answer } from '../../src/search/answer.js';
import type { PaperIndex } from '../../src/search/paper-index.js';
import { classifyQuestion } from '../../src/search/question.js';

const AskCase = z.object({
  question: z.string(),
  kind: z.string(),
  /** The title of the paper the answer must cite. */
  paper: z.string(),
  /** A pattern (case-insensitive) the text cited from that paper must contain. */
  mustContain: z.string(),
});
export type AskCase = z.infer<typeof AskCase>;

const AskKindsSchema = z.object({
  /** On the bundled seed papers. */
  seeds: z.array(AskCase),
  /** On the first 1,000 lines of the corpus (test/fixtures/captured), quick enough for `npm test`. */
  slice: z.array(AskCase),
  /** On the full arXiv CS corpus (146,600 papers), judged by `npm run eval`. */
  corpus: z.array(AskCase),
});

export function loadAskKinds() {
  const url = new URL('../fixtures/ask-kinds.json', import.meta.url);
  return AskKindsSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
}

export interface AskScore {
  readonly question: string;
  readonly kind: string;
  /** The classifier read the question as the kind it was judged as. */
  readonly classified: boolean;
  /** The answer cites the expected paper with text matching the pattern. */
  readonly answered: boolean;
  readonly got: readonly string[];
}

export function judgeAsk(index: PaperIndex, c: AskCase): AskScore {
  const result = answer(index, c.question);
  const pattern = new RegExp(c.mustContain, 'i');
  return {
    question: c.question,
    kind: c.kind,
    classified: classifyQuestion(c.question).kind === c.kind,
    answered: result.found && result.sentences.some((s) => s.paper.title === c.paper && pattern.test(s.text)),
    got: result.found
      ? result.sentences.map((s) => `${s.text.slice(0, 100)} | ${s.paper.title.slice(0, 50)}`)
      : ['(no answer)'],
  };
}

/** Per kind: how many questions, and the share answered right. */
export function askByKind(scores: readonly AskScore[]): Record<string, { questions: number; answered: number }> {
  const out: Record<string, { questions: number; answered: number }> = {};
  for (const s of scores) {
    const entry = (out[s.kind] ??= { questions: 0, answered: 0 });
    entry.questions += 1;
    if (s.answered) entry.answered += 1;
  }
  return out;
}
