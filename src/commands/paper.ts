import { z } from 'zod';
import { arxivIdOf } from '../core/paper-ref.js';
import { words } from '../core/text.js';
import { filterToken } from '../search/filters.js';
import { plainHit } from '../search/plain-hit.js';
import { MAX_QUERY_LENGTH, page, quote, text } from './args.js';
import { define } from './command.js';
import { isReply, namedPaper } from './named-paper.js';
import { pageOf, pageWindow } from './pages.js';
import { suggestCategories } from './suggest.js';

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

const MAX_FILTER_LENGTH = 100;
const [FIRST_YEAR, LAST_YEAR] = [1900, 2100];

/** A filter given by name: text that must be a filter of its kind, as it would be typed after `key:`. */
const filter = (key: string, description: string, problem: string) =>
  z
    .string()
    .max(MAX_FILTER_LENGTH, `is longer than ${MAX_FILTER_LENGTH} characters`)
    .refine((value) => filterToken(key, value) !== undefined, problem)
    .optional()
    .describe(description);

// Read after the argument's name: "The since year must be from 1900 to 2100."
const notAYear = `year must be from ${FIRST_YEAR} to ${LAST_YEAR}`;

/**
 * The filters a search takes by name (Discord options, the shell's flags), each named as it is typed inline. They are
 * written into the query as typed (`graph` since 2019 → `graph since:2019`), so search, paging and the heading read
 * them as the filters a person types.
 */
const filters = {
  since: z.coerce
    .number({ error: notAYear })
    .int(notAYear)
    .min(FIRST_YEAR, notAYear)
    .max(LAST_YEAR, notAYear)
    .optional()
    .describe('only papers from this year on, e.g. 2019'),
  year: filter(
    'year',
    'only papers of this year, e.g. 2018, or these years, e.g. 2017..2018',
    'must be a year, e.g. 2018, or years, e.g. 2017..2018',
  ),
  category: filter(
    'category',
    'only papers in this arXiv category, e.g. cs.LG',
    'is not an arXiv category, e.g. cs.LG',
  ),
  author: filter('author', 'only papers by this author, e.g. Bengio', 'is not a name'),
  sort: z
    .enum(['relevance', 'newest'], { error: 'must be relevance or newest' })
    .optional()
    .describe('the order: relevance (the default) or newest first'),
};

/** The query with the filters given by name written into it, as a person would type them. */
function withFilters(query: string, given: { readonly [key: string]: string | number | undefined }): string {
  const tokens = Object.entries(given).flatMap(([key, value]) => {
    const token = value === undefined ? undefined : filterToken(key, String(value));
    return token ? [token] : [];
  });
  return [query, ...tokens].join(' ');
}

export const paper = define({
  name: 'paper',
  description: 'Search the papers: titles, abstracts and authors, typos forgiven.',
  surfaces: ['console', 'discord', 'slack', 'shell'],
  shellName: 'search',
  args: z
    .object({ query: text(MAX_QUERY_LENGTH, 'what to search for, e.g. style transfer'), ...filters, page })
    .refine(({ query, page: _, ...given }) => withFilters(query, given).length <= MAX_QUERY_LENGTH, {
      path: ['query'],
      message: `with its filters is longer than ${MAX_QUERY_LENGTH} characters`,
    }),
  namedOnly: ['since', 'year', 'category', 'author', 'sort'],
  access: 'anyone',
  suggest: { category: (typed, { bot }) => suggestCategories(bot.index, typed) },
  async run({ query: typed, page: pageNumber, ...given }, context) {
    const query = withFilters(typed, given);
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
