import type { Action } from '../core/action.js';
import type { Reply, RichText } from '../core/reply.js';
import type { SearchHit } from '../search/paper-index.js';
import type { CommandContext } from './command.js';

export const PAGE_SIZE = 5;

export const NO_OTHER_PAGE: Reply = { kind: 'error', text: ['There is no other page to show.'] };

/** The slice of a result that one page shows. */
export interface PageWindow {
  readonly page: number;
  readonly offset: number;
  readonly limit: number;
}

/** Page `page` of a list, as many papers a page as the context shows (the shell's --limit, else five). */
export function pageWindow(page: number, context: CommandContext): PageWindow {
  const limit = context.pageSize ?? PAGE_SIZE;
  return { page, offset: (page - 1) * limit, limit };
}

/** One page of a result, with the Prev/Next actions around it. */
export function pageOf(
  result: { total: number; hits: readonly SearchHit[] },
  heading: RichText,
  { page: pageNumber, limit }: PageWindow,
  actionFor: (page: number) => Action,
  correctedQuery?: string,
): Reply {
  const pageCount = Math.max(1, Math.ceil(result.total / limit));
  if (pageNumber > pageCount)
    return { kind: 'error', text: [`There is no page ${pageNumber}; the last is ${pageCount}.`] };
  return {
    kind: 'papers',
    heading,
    ...(correctedQuery ? { correctedQuery } : {}),
    hits: result.hits,
    page: pageNumber,
    pageCount,
    total: result.total,
    ...(pageNumber > 1 ? { prev: actionFor(pageNumber - 1) } : {}),
    ...(pageNumber < pageCount ? { next: actionFor(pageNumber + 1) } : {}),
  };
}
