import { z } from 'zod';
import { arxivIdOf } from '../core/paper-ref.js';
import { words } from '../core/text.js';
import { plainHit } from '../search/plain-hit.js';
import { MAX_QUERY_LENGTH, page, quote, text } from './args.js';
import { define } from './command.js';
import { isReply, namedPaper } from './named-paper.js';
import { pageOf, pageWindow } from './pages.js';

/** The query as it was read, when spelling was corrected: "stylgan inversoin" → "stylegan inversion". */
function correctedText(query: string, corrections: ReadonlyMap<string, string>): string | undefined {
  if (corrections.size === 0) return undefined;
  let corrected = query;
  for (const word of words(query).reverse()) {
    const fixed = corrections.get(word.text);
    if (fixed) corrected = corrected.slice(0, word.start) + fixed + corrected.slice(word.end);
  }
  return corrected;
}

export const paper = define({
  name: 'paper',
  description: 'Search the papers: titles, abstracts and authors, typos forgiven.',
  surfaces: ['console', 'discord', 'slack', 'shell'],
  shellName: 'search',
  args: z.object({ query: text(MAX_QUERY_LENGTH, 'what to search for, e.g. style transfer'), page }),
  access: 'anyone',
  async run({ query, page: pageNumber }, context) {
    if (arxivIdOf(query)) {
      const named = await namedPaper(query, context);
      if (isReply(named)) return named;
      const hit = plainHit(named);
      return pageOf({ total: 1, hits: [hit] }, ['arXiv:', quote(named.id)], pageWindow(1, context), () => ({
        command: 'paper',
        args: { query },
      }));
    }
    const window = pageWindow(pageNumber, context);
    const result = await context.bot.search('search', query, window);
    if (result.total === 0) {
      return { kind: 'notice', text: ['No papers match ', quote(query), '. Try other words, or fewer of them.'] };
    }
    const action = (p: number) => ({ command: 'paper', args: { query, page: p } });
    return pageOf(result, ['Papers for ', quote(query)], window, action, correctedText(query, result.plan.corrections));
  },
});
