import { z } from 'zod';
import { answer } from '../search/answer.js';
import { MAX_QUERY_LENGTH, text } from './args.js';
import { define } from './command.js';

export const ask = define({
  name: 'ask',
  helpAsPaperSubcommand: true,
  description: 'Answer a question from the abstracts, citing the papers.',
  surfaces: ['console', 'discord', 'slack', 'shell'],
  args: z.object({
    question: text(MAX_QUERY_LENGTH, 'your question, e.g. how can I edit a real photo with StyleGAN?'),
  }),
  access: 'anyone',
  async run({ question }, { bot }) {
    const result = answer(bot.index, question);
    return result.found
      ? { kind: 'answer', question, citations: result.sentences }
      : { kind: 'no-answer', question, closest: result.closest.map((hit) => hit.paper) };
  },
});
