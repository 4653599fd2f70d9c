import { z } from 'zod';
import { channelKey } from '../core/channel.js';
import { MAX_QUERY_LENGTH, quote, text } from './args.js';
import { define } from './command.js';
import { isReply } from './named-paper.js';
import { savedPaperNamed } from './saved-paper.js';
import { suggestSaved } from './suggest-saved.js';

export const unsave = define({
  name: 'unsave',
  helpAsPaperSubcommand: true,
  description: "Remove a paper from this channel's reading list.",
  surfaces: ['console', 'discord', 'slack', 'shell'],
  changesState: true,
  args: z.object({ paper: text(MAX_QUERY_LENGTH, 'a saved paper: its title, arXiv id or link') }),
  access: 'anyone',
  suggest: { paper: suggestSaved },
  async run({ paper: wanted }, context) {
    const paper = await savedPaperNamed(wanted, context);
    if (isReply(paper)) return paper;
    const removed = context.bot.readingList.remove(channelKey(context.channel), paper.id);
    return removed
      ? { kind: 'notice', text: ['Removed ', quote(paper.title), " from this channel's reading list."] }
      : { kind: 'notice', private: true, text: [quote(paper.title), " is not on this channel's reading list."] };
  },
});
