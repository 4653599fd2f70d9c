import { z } from 'zod';
import { MAX_QUERY_LENGTH, page, quote, text } from './args.js';
import { define } from './command.js';
import { isReply, namedPaper } from './named-paper.js';
import { pageOf, pageWindow } from './pages.js';
import { suggestPapers } from './suggest.js';

export const similar = define({
  name: 'similar',
  helpAsPaperSubcommand: true,
  description: 'List the papers most like a paper (give its title, arXiv id or link).',
  surfaces: ['console', 'discord', 'slack', 'shell'],
  args: z.object({ paper: text(MAX_QUERY_LENGTH, 'a paper title, arXiv id or link'), page }),
  access: 'anyone',
  suggest: { paper: (typed, { bot }) => suggestPapers(bot, typed) },
  async run({ paper: wanted, page: pageNumber }, context) {
    const paper = await namedPaper(wanted, context);
    if (isReply(paper)) return paper;
    const window = pageWindow(pageNumber, context);
    const result = await context.bot.search('similar', paper, window);
    if (result.total === 0) return { kind: 'notice', text: ['No other paper is like ', quote(paper.title), ' yet.'] };
    const action = (p: number) => ({ command: 'similar', args: { paper: paper.id, page: p } });
    return pageOf(result, ['Papers like ', quote(paper.title)], window, action);
  },
});
