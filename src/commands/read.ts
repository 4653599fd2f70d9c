import { z } from 'zod';
import { channelKey } from '../core/channel.js';
import { MAX_QUERY_LENGTH, quote, text } from './args.js';
import { define } from './command.js';
import { isReply } from './named-paper.js';
import { savedPaperNamed } from './saved-paper.js';
import { suggestSaved } from './suggest-saved.js';

export const read = define({
  name: 'read',
  helpAsPaperSubcommand: true,
  description: "Mark a paper on this channel's reading list as read.",
  surfaces: ['console', 'discord', 'slack', 'shell'],
  changesState: true,
  args: z.object({ paper: text(MAX_QUERY_LENGTH, 'a saved paper: its title, arXiv id or link') }),
  access: 'anyone',
  suggest: { paper: suggestSaved },
  async run({ paper: wanted }, context) {
    const paper = await savedPaperNamed(wanted, context);
    if (isReply(paper)) return paper;
    const { bot, channel } = context;
    const marked = bot.readingList.markRead(channelKey(channel), paper.id, bot.now().getTime());
    return marked
      ? { kind: 'notice', text: ['Marked ', quote(paper.title), ' as read.'] }
      : {
          kind: 'notice',
          private: true,
          text: [quote(paper.title), " is not on this channel's reading list; save it first with /paper save."],
        };
  },
});
