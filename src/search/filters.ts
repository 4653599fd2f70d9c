import { termsOfWord } from '../core/text.js';

/**
 * What a query asks besides its words, typed inline on every platform and the CLI: `since:2019`,
 * `year:2017..2018` (or `year:2018`), `cat:cs.LG`, `author:bengio`, `sort:new`. Dates are yyyymmdd numbers.
 */
export interface Filters {
  readonly from?: number;
  readonly to?: number;
  /** A category as indexed (lowercased), e.g. "cs.lg". */
  readonly category?: string;
  /** The index terms an author's name must have (all of them, in the authors field). */
  readonly author?: readonly string[];
  readonly sort?: 'new';
}

const FILTER = /(^|\s)(since|year|cat|category|author|sort):(\S+)(?=\s|$)/gi;
const YEAR = /^(\d{4})$/;
const YEARS = /^(\d{4})?\.\.(\d{4})?$/;

/** The filters of one `key:value` token, or undefined when the value is not one (the token is then searched as typed). */
function filterOf(key: string, value: string): Filters | undefined {
  switch (key.toLowerCase()) {
    case 'since': {
      const year = YEAR.exec(value)?.[1];
      return year ? { from: Number(year) * 10_000 } : undefined;
    }
    case 'year': {
      const single = YEAR.exec(value)?.[1];
      if (single) return { from: Number(single) * 10_000, to: Number(single) * 10_000 + 1231 };
      const range = YEARS.exec(value);
      if (!range || !(range[1] || range[2])) return undefined;
      return {
        ...(range[1] ? { from: Number(range[1]) * 10_000 } : {}),
        ...(range[2] ? { to: Number(range[2]) * 10_000 + 1231 } : {}),
      };
    }
    case 'cat':
    case 'category':
      return /^[a-z-]+(\.[a-z-]+)?$/i.test(value) ? { category: value.toLowerCase() } : undefined;
    case 'author': {
      // Each part of a name ("yoshua-bengio"), not the parts joined as a compound word would be.
      const terms = value.toLowerCase().split(/[-_.]/).filter(Boolean).flatMap(termsOfWord);
      return terms.length > 0 ? { author: terms } : undefined;
    }
    case 'sort':
      return /^(new|newest|date)$/i.test(value) ? { sort: 'new' } : undefined;
  }
  return undefined;
}

/**
 * A filter given by name rather than typed (a Discord option, a shell flag), as the token that types it, so that it
 * is read as typed: ("author", "Yoshua Bengio") → `author:Yoshua-Bengio`, ("year", "2017 .. 2018") → `year:2017..2018`.
 * Undefined when the value is no filter of its kind (an order of "relevance" is the order without one).
 */
export function filterToken(key: string, value: string): string | undefined {
  const written = value.trim().replace(/\s+/g, key === 'author' ? '-' : '');
  return written && filterOf(key, written) ? `${key}:${written}` : undefined;
}

/**
 * The filters typed in a query and the text left to search. A filter typed after the words ends them, as a
 * space would: "graph since:2019" searches "graph " (no longer being typed).
 */
export function parseFilters(text: string): { text: string; filters: Filters } {
  let filters: Filters = {};
  const rest = text.replace(FILTER, (token, space: string, key: string, value: string) => {
    const filter = filterOf(key, value);
    if (!filter) return token;
    filters = { ...filters, ...filter };
    return space || ' ';
  });
  return { text: rest.replace(/ {2,}/g, ' '), filters };
}

/** Whether the filters narrow the papers (sorting alone does not). */
export const narrows = (filters: Filters) => Object.keys(filters).some((key) => key !== 'sort');

/** A category as an index term: no typed word becomes one (words hold no colon), so it only ever filters. */
export const categoryTerm = (category: string) => `cat:${category.toLowerCase()}`;
export const isFilterTerm = (term: string) => term.startsWith('cat:');

/** A publication date ("2019-03-04", "2019-03-04T…") as yyyymmdd; 0 when there is none. */
export function dayNumber(published: string | null | undefined): number {
  const match = published ? /^(\d{4})-(\d{2})-(\d{2})/.exec(published) : null;
  return match ? Number(match[1]) * 10_000 + Number(match[2]) * 100 + Number(match[3]) : 0;
}

/** Whether a paper's day (yyyymmdd, 0 when unknown) is within the filters' years. */
export const inDateRange = (filters: Filters, day: number) =>
  (filters.from === undefined || day >= filters.from) && (filters.to === undefined || (day > 0 && day <= filters.to));
