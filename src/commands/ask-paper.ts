import { z } from 'zod';
import { ASK_PAPER } from '../answers/ask-paper-action.js';
import { answerFromPaper } from '../answers/one-paper.js';
import { withFallback, writeAnswer } from '../answers/write.js';
import { MAX_QUERY_LENGTH, quote, text } from './args.js';
import { define } from './command.js';

export const askPaper = define({
  name: ASK_PAPER,
  buttonOnly: true,
  description: 'Answer a question about one paper (the "Ask about this paper" button).',
  args: z.object({
    paper: z.string().min(1).max(200),
    question: text(MAX_QUERY_LENGTH, 'your question about the paper'),
  }),
  access: 'anyone',
  async run({ paper: id, question }, context) {
    const { index } = context.bot;
    const paper = index.get(index.canonicalId(id));
    if (!paper) return { kind: 'error', text: ['That paper is no longer in the library; search for it again.'] };
    const written = await writeAnswer(question, [paper], context);
    if (written.kind === 'written') return written.reply;
    const citations = answerFromPaper(index, paper, question);
    if (citations.length) return withFallback({ kind: 'answer', question, citations }, written);
    return {
      kind: 'notice',
      text: ['The abstract of ', quote(paper.title), ' does not seem to answer ', quote(question), '.'],
    };
  },
});
