import type { Paper, PaperId } from '../core/paper.js';
import type { PaperIndex } from '../search/paper-index.js';
import { paperTerms } from '../search/similar.js';
import type { Vote } from './ledger.js';

// The most a channel's votes can multiply (or divide) a candidate's relevance by: relevance to the topic
// still decides between papers the votes say little about.
const MAX_FACTOR = 3;
// How far a candidate's affinity to the voted papers (−1 … 1) moves it, as a power of e, before that bound.
const PULL = 3;
// How many voted papers give half the full pull: a first vote only nudges.
const PAPERS_FOR_HALF = 5;
// A vote counts half once this many papers were voted on after it: tastes drift, old votes fade.
const HALF_LIFE = 20;
// Papers voted on before the latest this many weigh under 3%: left out, which bounds the work per channel.
const REMEMBERED = 5 * HALF_LIFE;

/** How a channel's 👍 and 👎 weigh a candidate: above 1 if it shares terms with up-voted papers, below if down-voted. */
export type Taste = (paper: Paper) => number;

const NEUTRAL: Taste = () => 1;

/** The channel's opinion of each voted paper (−1 all down … 1 all up), most recently voted last. */
function opinions(votes: readonly { paperId: PaperId; vote: Vote }[]): Map<PaperId, number> {
  const tally = new Map<PaperId, { up: number; down: number }>();
  for (const { paperId, vote } of votes) {
    const count = tally.get(paperId) ?? { up: 0, down: 0 };
    tally.delete(paperId); // re-inserted, so the map is in order of each paper's latest vote
    tally.set(paperId, vote === 'up' ? { ...count, up: count.up + 1 } : { ...count, down: count.down + 1 });
  }
  return new Map([...tally].map(([id, { up, down }]) => [id, (up - down) / (up + down)]));
}

/**
 * A channel's taste from its votes: each voted paper's distinctive terms (`paperTerms`, weighed by rarity and
 * summing to 1) pull toward or away from papers that share them, by the channel's opinion of it, newer votes
 * counting more. The pull grows with the number of papers voted on and is bounded, so one vote is a nudge.
 */
export function tasteOf(
  index: PaperIndex,
  votes: readonly { paperId: PaperId; vote: Vote }[],
  termsOf: (paper: Paper) => ReadonlySet<string>,
): Taste {
  const voted = [...opinions(votes)]
    .slice(-REMEMBERED)
    .map(([id, opinion]) => ({ paper: index.get(index.canonicalId(id)), opinion }));
  const preference = new Map<string, number>();
  let total = 0;
  let evidence = 0;
  voted.forEach(({ paper, opinion }, at) => {
    const weight = 0.5 ** ((voted.length - 1 - at) / HALF_LIFE);
    total += weight;
    if (!paper || opinion === 0) return;
    evidence += weight * Math.abs(opinion);
    for (const [term, share] of termShares(index, paper)) {
      preference.set(term, (preference.get(term) ?? 0) + weight * opinion * share);
    }
  });
  if (evidence === 0) return NEUTRAL;
  const confidence = evidence / (evidence + PAPERS_FOR_HALF);
  const limit = Math.log(MAX_FACTOR);
  return (paper) => {
    let affinity = 0;
    for (const term of termsOf(paper)) affinity += preference.get(term) ?? 0;
    const pull = (PULL * confidence * affinity) / total;
    return Math.exp(Math.min(limit, Math.max(-limit, pull)));
  };
}

/** A paper's distinctive terms with shares summing to 1, rarer terms weighing more. */
function termShares(index: PaperIndex, paper: Paper): Map<string, number> {
  const shares = new Map<string, number>();
  for (const unit of paperTerms(index, paper)) {
    // A unit is one word; its terms ("try-on": try, tryon) split its weight.
    for (const { term, weight } of unit.terms) {
      shares.set(term, (shares.get(term) ?? 0) + (weight * index.idf(term)) / unit.terms.length);
    }
  }
  const sum = [...shares.values()].reduce((a, b) => a + b, 0);
  if (sum === 0) return new Map();
  for (const [term, value] of shares) shares.set(term, value / sum);
  return shares;
}
