import { z } from 'zod';
import { plainHit } from '../search/plain-hit.js';
import { parseFollow } from '../state/follow.js';
import { MAX_QUERY_LENGTH, optionalText, page, quote } from './args.js';
import { define } from './command.js';
import { pageOf, pageWindow } from './pages.js';

// How deep a topic's matches are read before ordering them by date: enough for many pages of good matches.
const TOPIC_DEPTH = 200;

const byDateDescending = (a?: string, b?: string) => (b ?? '').localeCompare(a ?? '');

export const newest = define({
  name: 'new',
  helpAsPaperSubcommand: true,
  description: 'The newest papers, on a topic if you name one.',
  surfaces: ['console', 'discord', 'slack', 'shell'],
  args: z.object({
    topic: optionalText(MAX_QUERY_LENGTH, 'a topic, author:<name> or cat:<category>, e.g. virtual try-on (optional)'),
    page,
  }),
  access: 'anyone',
  async run({ topic, page: pageNumber }, context) {
    const { index } = context.bot;
    const window = pageWindow(pageNumber, context);
    const action = (p: number) => ({ command: 'new', args: { ...(topic ? { topic } : {}), page: p } });
    if (!topic) {
      const hits = index.newest(window.limit, window.offset).map(plainHit);
      return pageOf({ total: index.size, hits }, ['The newest papers'], window, action);
    }
    // `author:<name>` and `cat:<category>` match exactly, as the daily choice does.
    const matches = (await context.bot.search('follow', parseFollow(topic), TOPIC_DEPTH, true)).sort((a, b) =>
      byDateDescending(a.paper.published, b.paper.published),
    );
    if (matches.length === 0) {
      return { kind: 'notice', text: ['No papers match ', quote(topic), '. Try other words, or fewer of them.'] };
    }
    const hits = matches.slice(window.offset, window.offset + window.limit);
    return pageOf({ total: matches.length, hits }, ['The newest papers on ', quote(topic)], window, action);
  },
});
