import { sentences } from '../core/text.js';

/** A short summary of an abstract: its sentences stating the problem, the method and the result, where it has them. */
export interface Tldr {
  readonly problem?: string;
  readonly method?: string;
  readonly result?: string;
}

// Cue phrases abstracts use for each part; a sentence is picked by its cue, not by its place alone.
const PROBLEM =
  /\b(?:problems?|challeng\w*|difficult\w*|remains?|however|lacks?|limitations?|suffers?|costly|expensive|struggles?|fails?|bottlenecks?|issues?|open question|hard to|requires?)\b/i;
// A sentence naming a difficulty outright states the problem better than one merely using the word "problem".
const DIFFICULTY =
  /\b(?:challeng\w*|remains?|however|nevertheless|lacks?|limitations?|suffers?|fails?|struggles?|bottlenecks?|impractical|costly|expensive)\b/i;
const METHOD =
  /\b(?:we (?:propose|present|introduce|develop|design|describe|study|build|give|devise|formulate)|(?:this|the present) (?:paper|work|article) (?:proposes|presents|introduces|describes|develops)|our (?:method|approach|model|framework|system|algorithm)|in this (?:paper|work))\b/i;
// "We propose X" says what the method is; "in this work, we …" may only lead up to it.
const PROPOSES = /\b(?:propos|present|introduc)\w*\s+(?!this\b|these\b)/i;
const RESULT =
  /\b(?:outperform\w*|achiev\w*|demonstrat\w*|(?:results?|experiments?|evaluations?) (?:show|indicate|confirm)\w*|we (?:show|prove|find)|state[- ]of[- ]the[- ]art)\b/i;
const WEAK_RESULT = /\b(?:improv\w*|faster|speed-?ups?|accuracy|significantly|superior)\b/i;

/**
 * Picks the abstract's problem, method and result sentences by their cue phrases: the problem from before the
 * method, the result from after it (the last such sentence, where abstracts put their findings).
 */
export function tldr(abstract: string): Tldr {
  const all = sentences(abstract).map((s) => s.text);
  if (all.length <= 1) return all[0] ? { method: all[0] } : {};
  const methods = all.flatMap((s, i) => (METHOD.test(s) ? [i] : []));
  const methodAt = methods.find((i) => PROPOSES.test(all[i]!)) ?? methods[0] ?? 0;
  const before = all.slice(0, methodAt);
  const problem = before.find((s) => DIFFICULTY.test(s)) ?? before.find((s) => PROBLEM.test(s)) ?? before[0];
  const after = all.slice(methodAt + 1).reverse();
  const result = after.find((s) => RESULT.test(s)) ?? after.find((s) => WEAK_RESULT.test(s));
  return {
    ...(problem ? { problem } : {}),
    method: all[methodAt]!,
    ...(result ? { result } : {}),
  };
}
