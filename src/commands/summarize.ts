import { z } from 'zod';
import { SUMMARY_REQUEST, writeAnswer } from '../answers/write.js';
import { tldr } from '../search/tldr.js';
import { MAX_QUERY_LENGTH, text } from './args.js';
import { define } from './command.js';
import { isReply, namedPaper } from './named-paper.js';
import { suggestPapers } from './suggest.js';

export const summarize = define({
  name: 'summarize',
  helpAsPaperSubcommand: true,
  description: 'Summarize a paper: its problem, method and result, and its links (give its title, arXiv id or link).',
  surfaces: ['console', 'discord', 'slack', 'shell'],
  args: z.object({ paper: text(MAX_QUERY_LENGTH, 'a paper title, arXiv id or link') }),
  access: 'anyone',
  suggest: { paper: (typed, { bot }) => suggestPapers(bot, typed) },
  async run({ paper: wanted }, context) {
    const paper = await namedPaper(wanted, context);
    if (isReply(paper)) return paper;
    // A configured language model writes the summary from this abstract; the extractive one stands in when it cannot.
    const written = await writeAnswer(SUMMARY_REQUEST, [paper], context);
    if (written.kind === 'written') return written.reply;
    return { kind: 'summary', paper, tldr: tldr(paper.abstract) };
  },
});
