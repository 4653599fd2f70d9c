import { z } from 'zod';
import { resolvePaper, similarPapers } from '../search/similar.js';
import { MAX_QUERY_LENGTH, page, quote, text } from './args.js';
import { define } from './command.js';
import { pageOf, pageWindow } from './pages.js';
import { suggestPapers } from './suggest.js';

export const similar = define({
  name: 'similar',
  helpAsPaperSubcommand: true,
  description: 'List the papers most like a paper (give its id or title).',
  surfaces: ['console', 'discord', 'slack', 'shell'],
  args: z.object({ paper: text(MAX_QUERY_LENGTH, 'a paper id or title'), page }),
  access: 'anyone',
  suggest: { paper: (typed, { bot }) => suggestPapers(bot.index, typed) },
  async run({ paper: wanted, page: pageNumber }, context) {
    const paper = resolvePaper(context.bot.index, wanted);
    if (!paper) {
      return {
        kind: 'error',
        text: ['No paper matches ', quote(wanted), '. Search with /paper first, then use its title.'],
      };
    }
    const window = pageWindow(pageNumber, context);
    const result = similarPapers(context.bot.index, paper, window);
    if (result.total === 0) return { kind: 'notice', text: ['No other paper is like ', quote(paper.title), ' yet.'] };
    const action = (p: number) => ({ command: 'similar', args: { paper: paper.id, page: p } });
    return pageOf(result, ['Papers like ', quote(paper.title)], window, action);
  },
});
