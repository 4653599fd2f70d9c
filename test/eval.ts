// `npm run eval`: search quality on the bundled seeds against the judged queries in test/fixtures.
import { fileURLToPath } from 'node:url';
import { loadSeedPapers } from '../src/ingest/seed-folder.js';
import { buildIndex } from '../src/search/paper-index.js';
import { evaluate, loadJudgements } from './support/evaluate.js';

const verbose = process.argv.includes('--verbose');
const index = buildIndex(await loadSeedPapers(fileURLToPath(new URL('../seeds/', import.meta.url))));
const result = evaluate(index, loadJudgements());
const fmt = (x: number) => x.toFixed(3);

console.log(`search quality on ${index.size} seed papers, ${result.overall.queries} judged queries`);
console.log(`${'kind'.padEnd(10)} ${'queries'.padStart(7)} ${'nDCG@5'.padStart(7)} ${'MRR'.padStart(7)}`);
for (const [kind, s] of Object.entries(result.byKind)) {
  console.log(
    `${kind.padEnd(10)} ${String(s.queries).padStart(7)} ${fmt(s.ndcg5).padStart(7)} ${fmt(s.mrr).padStart(7)}`,
  );
}
console.log(
  `${'overall'.padEnd(10)} ${String(result.overall.queries).padStart(7)} ${fmt(result.overall.ndcg5).padStart(7)} ${fmt(result.overall.mrr).padStart(7)}`,
);
if (verbose) {
  for (const s of [...result.scores].sort((a, b) => a.ndcg5 - b.ndcg5)) {
    console.log(`\n${fmt(s.ndcg5)} rr=${fmt(s.reciprocalRank)} [${s.kind}] ${s.query}`);
    for (const title of s.top) console.log(`   - ${title.slice(0, 90)}`);
  }
}
