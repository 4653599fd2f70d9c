import { z } from 'zod';
import { channelKey } from '../core/channel.js';
import { topPapers } from '../daily/top.js';
import { plainHit } from '../search/plain-hit.js';
import { page } from './args.js';
import { define } from './command.js';
import { pageOf, pageWindow } from './pages.js';

const PERIOD_DAYS = { week: 7, month: 30 } as const;

export const top = define({
  name: 'top',
  helpAsPaperSubcommand: true,
  description: "The channel's top papers of the week or month: voted up or saved here, then upvoted on Hugging Face.",
  surfaces: ['console', 'discord', 'slack', 'shell'],
  args: z.object({
    period: z
      .preprocess(
        (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
        z.enum(['week', 'month'], { error: 'is week or month' }).default('week'),
      )
      .describe('week or month (week if left out)'),
    page,
  }),
  hint: '[week | month]',
  access: 'anyone',
  async run({ period, page: pageNumber }, context) {
    const { bot, channel } = context;
    const days = PERIOD_DAYS[period];
    const key = channelKey(channel);
    const papers = topPapers({
      index: bot.index,
      ledger: bot.ledger,
      channel: key,
      since: new Date(bot.now().getTime() - days * 24 * 60 * 60 * 1000),
      saved: bot.readingList.list(key),
    });
    if (papers.length === 0) {
      const why = bot.feeds ? '' : ' (this chat does not fetch Hugging Face, so only votes and saves count here)';
      const said = `Nothing was voted up or saved here, or upvoted on Hugging Face, in the last ${days} days${why}.`;
      return { kind: 'notice', text: [said] };
    }
    const window = pageWindow(pageNumber, context);
    const hits = papers.slice(window.offset, window.offset + window.limit).map(plainHit);
    const action = (p: number) => ({ command: 'top', args: { period, page: p } });
    return pageOf(
      { total: papers.length, hits },
      [`This channel's top papers of the last ${days} days`],
      window,
      action,
    );
  },
});
