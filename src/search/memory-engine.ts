import MiniSearch, { type Query } from 'minisearch';
import { normaliseTitle, type Paper, type PaperId } from '../core/paper.js';
import { type Engine, pickMatches } from './engine.js';
import { dayNumber, inDateRange } from './filters.js';
import { type FieldTerms, paperTerms } from './paper-terms.js';
import { FIELD_BOOST, relevance } from './rank.js';
import { topK } from './top-k.js';
import { buildVocabulary } from './vocabulary.js';

/** Newest first, then most upvoted, then collection order: the order of "what's new". */
const byRecency = (papers: readonly Paper[]) =>
  [...papers].sort(
    (a, b) => (b.published ?? '').localeCompare(a.published ?? '') || (b.upvotes ?? -1) - (a.upvotes ?? -1),
  );

/** Holds a small collection (the seeds, a day of Hugging Face papers) in memory with minisearch. */
export function memoryEngine(papers: readonly Paper[], canonicalId: (id: PaperId) => PaperId): Engine {
  const byId = new Map<PaperId, Paper>();
  for (const paper of papers) byId.set(paper.id, paper);
  const all = [...byId.values()];
  const docOf = new Map(all.map((paper, doc) => [paper.id, doc]));
  // Each paper is stemmed once; minisearch indexes the terms as they are.
  const read = all.map(paperTerms);
  const fields = read.map((paper) => paper.terms);
  const engine = new MiniSearch<Paper>({
    fields: ['title', 'abstract', 'authors', 'parts'],
    extractField: (paper, field) =>
      field === 'id' ? paper.id : fields[docOf.get(paper.id)!]![field as keyof FieldTerms].join(' '),
    tokenize: (text) => text.split(' ').filter(Boolean),
    processTerm: (term) => term,
    searchOptions: { tokenize: (term) => [term], processTerm: (term) => term, boost: FIELD_BOOST },
  });
  engine.addAll(all);
  const termDocs = new Map<string, number>();
  const wordDocs = new Map<string, number>();
  all.forEach((_, doc) => {
    const { title, abstract, authors } = fields[doc]!;
    for (const term of new Set([...title, ...abstract, ...authors])) termDocs.set(term, (termDocs.get(term) ?? 0) + 1);
    for (const form of read[doc]!.words) wordDocs.set(form, (wordDocs.get(form) ?? 0) + 1);
  });
  const vocabulary = buildVocabulary(wordDocs);
  const spacedTitles = all.map((paper) => ` ${normaliseTitle(paper.title)} `);
  const termLines = fields.map(({ title, abstract }) => ({
    title: ` ${title.join(' ')} `,
    abstract: ` ${abstract.join(' ')} `,
  }));
  const titles = new Map(all.map((paper) => [normaliseTitle(paper.title), paper]));
  const recent = byRecency(all);
  const days = all.map((paper) => dayNumber(paper.published));
  const categories = all.map((paper) => new Set((paper.categories ?? []).map((c) => c.toLowerCase())));
  const authorTerms = fields.map((terms) => new Set(terms.authors));
  return {
    size: all.length,
    get: (id) => byId.get(id) ?? byId.get(canonicalId(id)),
    byTitle: (title) => titles.get(normaliseTitle(title)),
    newest: (limit, offset) => recent.slice(offset, offset + limit),
    allowed: (filters) =>
      Uint8Array.from(all, (_, doc) =>
        (!filters.category || categories[doc]!.has(filters.category)) &&
        (filters.author ?? []).every((term) => authorTerms[doc]!.has(term)) &&
        inDateRange(filters, days[doc]!)
          ? 1
          : 0,
      ),
    day: (doc) => days[doc] ?? 0,
    titled: (needle, allowed, limit) =>
      topK(
        spacedTitles.flatMap((title, doc) => ((!allowed || allowed[doc]) && title.includes(needle) ? [doc] : [])),
        (doc) => -spacedTitles[doc]!.length,
        limit,
      ),
    titleHolds: (_term, needle) => spacedTitles.some((title) => title.includes(needle)),
    match(query, limit, allowed) {
      const search: Query = {
        combineWith: 'OR',
        queries: [...query.terms].map(([term, weight]) => ({ queries: [term], boostTerm: () => weight })),
      };
      const total = query.words.reduce((sum, word) => sum + word.weight, 0) || 1;
      const matches = new Map(
        engine
          .search(search)
          .map((result) => {
            const matched = new Set(result.queryTerms);
            const covered = query.words
              .filter((word) => word.terms.some((term) => matched.has(term)))
              .reduce((sum, word) => sum + word.weight, 0);
            const doc = docOf.get(result.id)!;
            return [doc, { doc, score: result.score, coverage: covered / total }] as const;
          })
          .filter(([doc]) => !allowed || allowed[doc]),
      );
      const { typed } = query;
      const typedTitles = typed ? [...matches.keys()].filter((doc) => spacedTitles[doc]!.includes(typed)) : [];
      return pickMatches([...matches.keys()], (doc) => relevance(matches.get(doc)!), typedTitles, limit).map(
        (doc) => matches.get(doc)!,
      );
    },
    summaries: (docs) =>
      new Map(
        docs.map((doc) => [
          doc,
          {
            id: all[doc]!.id,
            title: all[doc]!.title,
            spacedTitle: spacedTitles[doc]!,
            terms: termLines[doc]!,
          },
        ]),
      ),
    papers: (docs) => docs.map((doc) => all[doc]),
    refresh: () => undefined,
    documentFrequency: (term) => termDocs.get(term) ?? 0,
    vocabulary: () => vocabulary,
    canonicalId,
  };
}
