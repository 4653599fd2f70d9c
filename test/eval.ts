// `npm run eval`: search quality on the bundled seeds against the judged queries in test/fixtures, then answers.
import { fileURLToPath } from 'node:url';
import { loadSeedPapers } from '../src/ingest/seed-folder.js';
import { buildIndex } from '../src/search/paper-index.js';
import { corpusIndex } from './support/corpus-index.js';
import { evaluate, loadJudgements } from './support/evaluate.js';
import { type AskScore, askByKind, judgeAsk, loadAskKinds } from './support/evaluate-answers.js';

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

// Answers per question kind (test/fixtures/ask-kinds.json): on the seeds, and on the full corpus when it is here
// (built once into the temp folder; `--no-corpus` skips it).
const asks = loadAskKinds();
const report = (label: string, scores: AskScore[]) => {
  console.log(`\nanswers on ${label}: ${scores.filter((s) => s.answered).length}/${scores.length} right`);
  console.log(`${'kind'.padEnd(10)} ${'questions'.padStart(9)} ${'answered'.padStart(8)} ${'share'.padStart(6)}`);
  for (const [kind, s] of Object.entries(askByKind(scores))) {
    const share = fmt(s.answered / s.questions).slice(0, 5);
    console.log(
      `${kind.padEnd(10)} ${String(s.questions).padStart(9)} ${String(s.answered).padStart(8)} ${share.padStart(6)}`,
    );
  }
  if (verbose)
    for (const s of scores.filter((x) => !x.answered))
      console.log(`  ✗ [${s.kind}] ${s.question}\n      ${s.got.join('\n      ')}`);
};
report(
  `${index.size} seed papers`,
  asks.seeds.map((c) => judgeAsk(index, c)),
);
const corpus = process.argv.includes('--no-corpus') ? undefined : await corpusIndex((line) => console.log(line));
if (corpus) {
  const started = performance.now();
  const scores = [...asks.corpus, ...asks.slice].map((c) => judgeAsk(corpus, c));
  report(`the full corpus (${corpus.size} papers)`, scores);
  console.log(`(${((performance.now() - started) / scores.length).toFixed(0)} ms a question)`);
}
