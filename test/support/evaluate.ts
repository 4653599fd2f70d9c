import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PaperIndex } from '../../src/search/paper-index.js';

const JudgementsSchema = z.object({
  queries: z.array(
    z.object({
      query: z.string(),
      kind: z.enum(['topic', 'name', 'typo', 'question', 'variant', 'prefix']),
      relevant: z.record(z.string(), z.number().int().min(1).max(3)),
    }),
  ),
});
export type Judgements = z.infer<typeof JudgementsSchema>;

export function loadJudgements(): Judgements {
  const url = new URL('../fixtures/search-judgements.json', import.meta.url);
  return JudgementsSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
}

export interface QueryScore {
  readonly query: string;
  readonly kind: string;
  readonly ndcg5: number;
  readonly reciprocalRank: number;
  readonly top: readonly string[];
}

const dcg = (gains: number[]) => gains.reduce((sum, gain, i) => sum + (2 ** gain - 1) / Math.log2(i + 2), 0);

/** nDCG@5 with graded gains and reciprocal rank of the first relevant paper (grade ≥ 2), judged by title. */
export function scoreQuery(
  index: PaperIndex,
  query: string,
  relevant: Record<string, number>,
): Omit<QueryScore, 'query' | 'kind'> {
  const titles = index.search(query, { limit: 10 }).hits.map((hit) => hit.paper.title);
  const gains = titles.slice(0, 5).map((title) => relevant[title] ?? 0);
  const ideal = Object.values(relevant)
    .sort((a, b) => b - a)
    .slice(0, 5);
  const firstRelevant = titles.findIndex((title) => (relevant[title] ?? 0) >= 2);
  return {
    ndcg5: ideal.length ? dcg(gains) / dcg(ideal) : 0,
    reciprocalRank: firstRelevant < 0 ? 0 : 1 / (firstRelevant + 1),
    top: titles.slice(0, 5),
  };
}

export function evaluate(index: PaperIndex, judgements: Judgements) {
  const scores: QueryScore[] = judgements.queries.map((q) => ({
    query: q.query,
    kind: q.kind,
    ...scoreQuery(index, q.query, q.relevant),
  }));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  const summarise = (subset: QueryScore[]) => ({
    queries: subset.length,
    ndcg5: mean(subset.map((s) => s.ndcg5)),
    mrr: mean(subset.map((s) => s.reciprocalRank)),
  });
  const kinds = [...new Set(scores.map((s) => s.kind))];
  return {
    overall: summarise(scores),
    byKind: Object.fromEntries(kinds.map((kind) => [kind, summarise(scores.filter((s) => s.kind === kind))])),
    scores,
  };
}
