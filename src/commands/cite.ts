import { z } from 'zod';
import { bibtexEntry } from '../team/bibtex.js';
import { MAX_QUERY_LENGTH, text } from './args.js';
import { define } from './command.js';
import { isReply } from './named-paper.js';
import { savedPaperNamed } from './saved-paper.js';
import { suggestPapers } from './suggest.js';

export const cite = define({
  name: 'cite',
  helpAsPaperSubcommand: true,
  description: 'Give a paper as a BibTeX entry to copy (its title, arXiv id or link).',
  surfaces: ['console', 'discord', 'slack', 'shell'],
  args: z.object({ paper: text(MAX_QUERY_LENGTH, 'a paper title, arXiv id or link') }),
  access: 'anyone',
  suggest: { paper: (typed, { bot }) => suggestPapers(bot, typed) },
  async run({ paper: wanted }, context) {
    const paper = await savedPaperNamed(wanted, context);
    if (isReply(paper)) return paper;
    return { kind: 'citation', paper, bibtex: bibtexEntry(paper) };
  },
});
