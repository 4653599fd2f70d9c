import { z } from 'zod';
import { plainHit } from '../search/plain-hit.js';
import { page } from './args.js';
import { define } from './command.js';
import { pageOf, pageWindow } from './pages.js';

// Hugging Face's Daily Papers of the last week, as its trending page shows them; only the newest are read.
const TRENDING_DAYS = 7;
const NEWEST_READ = 500;

export const trending = define({
  name: 'trending',
  helpAsPaperSubcommand: true,
  description: "The last week's most upvoted papers on Hugging Face Daily Papers.",
  surfaces: ['console', 'discord', 'slack', 'shell'],
  args: z.object({ page }),
  access: 'anyone',
  async run({ page: pageNumber }, context) {
    const { bot } = context;
    const since = new Date(bot.now().getTime() - TRENDING_DAYS * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const upvoted = bot.index
      .newest(NEWEST_READ)
      .filter((paper) => paper.upvotes !== undefined && (paper.published ?? '') >= since)
      .sort((a, b) => (b.upvotes ?? 0) - (a.upvotes ?? 0));
    if (upvoted.length === 0) {
      const why = bot.feeds
        ? 'Hugging Face Daily Papers has not been fetched yet; it is, every few hours.'
        : 'this chat does not fetch Hugging Face Daily Papers (it runs offline).';
      return { kind: 'notice', text: [`No papers from the last ${TRENDING_DAYS} days have upvotes: ${why}`] };
    }
    const window = pageWindow(pageNumber, context);
    const hits = upvoted.slice(window.offset, window.offset + window.limit).map(plainHit);
    const action = (p: number) => ({ command: 'trending', args: { page: p } });
    return pageOf(
      { total: upvoted.length, hits },
      [`Trending on Hugging Face, last ${TRENDING_DAYS} days`],
      window,
      action,
    );
  },
});
