import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../src/core/paper.js';
import { present } from '../src/core/present.js';
import { readJsonLinesFile } from '../src/ingest/sources/jsonl.js';
import { answer } from '../src/search/answer.js';
import { buildIndex } from '../src/search/paper-index.js';
import { classifyQuestion } from '../src/search/question.js';
import { askByKind, judgeAsk, loadAskKinds } from './support/evaluate-answers.js';
import { seeds } from './support/seeds.js';

const asks = loadAskKinds();

// The least share of each kind's judged questions answered right, on the seeds (figures in `npm run eval`).
const SEED_FLOOR: Record<string, number> = {
  definition: 1,
  datasets: 1,
  models: 1,
  metrics: 1,
  baselines: 1,
  link: 1,
  number: 1,
  compare: 1,
  list: 1,
};

describe('answers by question kind', () => {
  it('has at least 60 judged questions, on the seeds and on the corpus', () => {
    expect(asks.seeds.length + asks.slice.length + asks.corpus.length).toBeGreaterThanOrEqual(60);
  });

  it.each([...asks.seeds, ...asks.slice, ...asks.corpus])('reads $question as a $kind question', (c) => {
    expect(classifyQuestion(c.question).kind).toBe(c.kind);
  });

  it('holds the floor of each kind on the seeds', () => {
    const byKind = askByKind(asks.seeds.map((c) => judgeAsk(seeds().index, c)));
    for (const [kind, floor] of Object.entries(SEED_FLOOR)) {
      const s = byKind[kind];
      expect(s, kind).toBeDefined();
      expect(s!.answered / s!.questions, kind).toBeGreaterThanOrEqual(floor);
    }
  });

  it('answers every judged question on the first 1,000 corpus papers', async () => {
    const file = fileURLToPath(new URL('./fixtures/captured/arxiv-cs-20200101.first-1000.jsonl.gz', import.meta.url));
    const papers: Paper[] = [];
    for await (const { result } of readJsonLinesFile(file)) if ('id' in result) papers.push(result);
    const index = buildIndex(papers);
    for (const c of asks.slice) expect(judgeAsk(index, c), c.question).toMatchObject({ answered: true });
  });

  it('answers "What is HyperStyle?" with the sentence introducing it, and a code question with the link', () => {
    const defined = answer(seeds().index, 'What is HyperStyle?');
    expect(defined.found && defined.sentences[0]?.text).toMatch(/^We propose HyperStyle, a hypernetwork/);
    const code = answer(seeds().index, 'Where is the code for HairFastGAN?');
    expect(code.found && code.sentences).toEqual([
      expect.objectContaining({ text: 'https://github.com/AIRI-Institute/HairFastGAN', fact: 'code' }),
    ]);
  });

  it('words a link answer as the link to follow, citing its paper', () => {
    const code = answer(seeds().index, 'Where is the code for HairFastGAN?');
    if (!code.found) throw new Error('no answer');
    const [card] = present({
      kind: 'answer',
      question: 'Where is the code for HairFastGAN?',
      citations: code.sentences,
    }).cards;
    expect(card?.elements[0]).toMatchObject({
      text: [
        'Code: ',
        { text: 'https://github.com/AIRI-Institute/HairFastGAN', url: 'https://github.com/AIRI-Institute/HairFastGAN' },
        ' ',
        { text: '[1]' },
      ],
    });
  });

  it('cites only the paper a question names', () => {
    const result = answer(seeds().index, 'Which datasets does LaDI-VTON evaluate on?');
    expect(result.found && result.sentences.map((s) => s.paper.title)).toEqual([
      'LaDI-VTON: Latent Diffusion Textual-Inversion Enhanced Virtual Try-On',
    ]);
  });

  it('says it is unsure, offering the paper, when the paper lacks the fact asked for', () => {
    const result = answer(seeds().index, 'Who wrote HyperStyle?');
    expect(result.found).toBe(false);
    if (!result.found) expect(result.closest.map((h) => h.paper.title)).toEqual([expect.stringMatching(/^HyperStyle/)]);
  });
});
