import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../src/library/library.js';
import { libraryIndex, type PaperIndex } from '../src/search/paper-index.js';
import { tempDir } from './support/bot.js';
import { evaluate, loadJudgements } from './support/evaluate.js';
import { seeds } from './support/seeds.js';

// The floor reached on the judged queries (`npm run eval` prints the figures). Raising quality should
// raise these; a change that lowers them is a regression a user would feel.
const FLOOR = { ndcg5: 0.9, mrr: 0.95 };

/** The same seeds in the on-disk engine that large collections use (posting lists in SQLite plus the same re-ranking). */
function onDisk(): PaperIndex {
  const library = openLibrary(join(tempDir(), 'papers.db'));
  library.ingest(
    seeds().papers.map((paper) => ({ paper, updateOnly: false })),
    0,
  );
  return libraryIndex(library);
}

describe.each([
  ['in memory (minisearch)', () => seeds().index],
  ['on disk (posting lists in SQLite)', onDisk],
])('search quality on the judged seed queries, %s', (_engine, index) => {
  const result = evaluate(index(), loadJudgements());

  it('has a judged set covering every kind of query', () => {
    expect(result.overall.queries).toBeGreaterThanOrEqual(25);
    expect(Object.keys(result.byKind).sort()).toEqual(['name', 'prefix', 'question', 'topic', 'typo', 'variant']);
  });

  it(`holds nDCG@5 ≥ ${FLOOR.ndcg5} and MRR ≥ ${FLOOR.mrr}`, () => {
    expect(result.overall.ndcg5).toBeGreaterThanOrEqual(FLOOR.ndcg5);
    expect(result.overall.mrr).toBeGreaterThanOrEqual(FLOOR.mrr);
  });

  it('does well on every kind, not just on average', () => {
    for (const [kind, s] of Object.entries(result.byKind)) {
      expect.soft(s.ndcg5, kind).toBeGreaterThanOrEqual(0.8);
      expect.soft(s.mrr, kind).toBeGreaterThanOrEqual(0.9);
    }
  });
});
