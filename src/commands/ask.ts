import { z } from 'zod';
import { withFallback, writeAnswerFromSearch } from '../answers/write.js';
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
  async run({ question }, context) {
    // A configured language model answers first; the quoted answer stands in when it cannot.
    const written = await writeAnswerFromSearch(question, context);
    if (written.kind === 'written') return written.reply;
    const result = await context.bot.search('answer', question);
    return result.found
      ? withFallback({ kind: 'answer', question, citations: result.sentences }, written)
      : withFallback({ kind: 'no-answer', question, closest: result.closest.map((hit) => hit.paper) }, written);
  },
});
