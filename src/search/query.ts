import { normaliseTitle } from '../core/paper.js';
import { isStopWord, surfaceParts, termsOfWord, type Word, words } from '../core/text.js';
import type { Vocabulary } from './vocabulary.js';

/** One index term to look up, weighted below 1 when it is a completion of a half-typed word. */
export interface QueryTerm {
  readonly term: string;
  readonly weight: number;
}

/** Terms that stand for the same typed word(s); `covers` are indices into `QueryPlan.words`. */
export interface QueryUnit {
  readonly covers: readonly number[];
  readonly terms: readonly QueryTerm[];
}

export interface QueryPlan {
  /** The content words of the query after typo correction (stop words dropped). */
  readonly words: readonly string[];
  readonly units: readonly QueryUnit[];
  /** Typed word → the known word it was read as. */
  readonly corrections: ReadonlyMap<string, string>;
  /** The query's letters and digits only, for matching a paper's own name ("LaDI VTON" → "ladivton"). */
  readonly compact: string;
  /** The typed words as corrected, stop words included, written as `normaliseTitle` writes a title. */
  readonly phrase: string;
  /** The last word is still being typed (no space after it), so it may be the start of a longer word. */
  readonly stillTyping: boolean;
  /** Which of `words` is still being typed, if the last typed word is a content word. */
  readonly partial?: number;
}

const COMPLETIONS = 6;
// A word in this few papers, one or two edits from a word in a hundred times as many, is likely a typo of it.
const RARE = 2;
const COMMONER = 100;
// A word in a few more papers, one or two edits from a word in a thousand times as many, may be a typo of it
// ("netwroks", in 4 papers, beside "networks"): the look-alike joins in as another word, the word as typed stays.
const UNCOMMON = 10;
const FAR_COMMONER = 1000;
const MAX_JOINED_WORDS = 3;
// A completion the person may not mean counts less than the words they typed in full.
const COMPLETION_WEIGHT_UNKNOWN = 0.6;
const COMPLETION_WEIGHT_KNOWN = 0.3;
// A half-typed word this many times rarer than its commonest completion is someone's stray token ("accele"),
// not a word the person means: its completions count as for an unknown word.
const STRAY = 20;

/**
 * The common word a rare one was likely meant to be: "langauge" occurs (someone else's typo) but "language" is in
 * thousands of papers. Short words and names with digits are left alone; they are often real, rare names.
 */
function likelyMeant(word: string, vocabulary: Vocabulary): string | undefined {
  const frequency = vocabulary.frequency(word);
  if (word.length < 5 || frequency > RARE) return undefined;
  return vocabulary.correct(word, COMMONER * Math.max(1, frequency));
}

/** The far commoner word an uncommon one may be a typo of (see `likelyMeant` for rarer words). */
function lookAlike(word: string, vocabulary: Vocabulary): string | undefined {
  const frequency = vocabulary.frequency(word);
  if (word.length < 5 || frequency <= RARE || frequency > UNCOMMON) return undefined;
  return vocabulary.correct(word, FAR_COMMONER * frequency);
}

/**
 * Turns typed text into what to look up: stop words dropped, unknown words corrected to the nearest
 * known word, the last word completed while it is still being typed, and neighbouring words that the
 * collection writes as one ("try on" → "tryon") joined.
 */
export function planQuery(
  text: string,
  vocabulary: Vocabulary,
  hasTerm: (term: string) => boolean = () => false,
  inSomeTitle: (needle: string, term: string) => boolean = () => false,
): QueryPlan {
  const typed = words(text);
  const stillTyping = !/\s$/.test(text);
  const first = readWords(typed, stillTyping, vocabulary, hasTerm, true);
  // Typed words that a title holds as typed are not typos, however rare ("consentio managing consent",
  // "finis terrae"): nothing is corrected, the look-alikes only join in as other words.
  // A title holding them has the first corrected word typed in full: only its papers need be looked at.
  const finished = stillTyping ? typed.slice(0, -1) : typed;
  const term = finished.filter((w) => first.corrections.has(w.text)).flatMap((w) => termsOfWord(w.text))[0];
  const asTyped = normaliseTitle(typed.map((w) => w.text).join(' '));
  const keep = term !== undefined && inSomeTitle(typedNeedle(asTyped, stillTyping), term);
  const { read, corrections } = keep ? readWords(typed, stillTyping, vocabulary, hasTerm, false) : first;
  return planOf(typed, read, corrections, stillTyping, vocabulary);
}

/** The typed phrase as a spaced title holds it: the last word may be half-typed. */
const typedNeedle = (phrase: string, stillTyping: boolean) => (stillTyping ? ` ${phrase}` : ` ${phrase} `);

/**
 * Every typed word with the parts it was read as and the other words it may stand for (completions of a
 * half-typed word, or a rare word as typed when read as a common one); `content` is false for stop words, kept
 * only so "try on" can still be joined into "tryon". Misspellings are corrected when `correcting`.
 */
function readWords(
  typed: readonly Word[],
  stillTyping: boolean,
  vocabulary: Vocabulary,
  hasTerm: (term: string) => boolean,
  correcting: boolean,
) {
  const corrections = new Map<string, string>();
  const read = typed.map((word, index) => {
    const parts = surfaceParts(word.text);
    const joined = parts.join('');
    if (parts.every(isStopWord)) return { parts, others: [] as string[], known: true, content: false };
    const isLast = index === typed.length - 1;
    // A word is known when it, or its stem, occurs: "painting" is not a typo of "gaining" because "paint" is indexed.
    const isKnown = (part: string) => isStopWord(part) || vocabulary.has(part) || termsOfWord(part).some(hasTerm);
    const known = vocabulary.has(joined) || termsOfWord(word.text).some(hasTerm) || parts.every(isKnown);
    const typing = isLast && stillTyping;
    const completions = typing && joined.length >= 2 ? vocabulary.complete(joined, COMPLETIONS) : [];
    const commonest = completions.length > 0 ? vocabulary.frequency(completions[0]!) : 0;
    // A word still being typed is corrected only to a word commoner than anything it may be the start of:
    // "demand forcasting" → forecasting, but "gradi" stays the start of "gradient".
    const fix = known
      ? likelyMeant(joined, vocabulary)
      : typing && commonest > 0
        ? vocabulary.correct(joined)
        : undefined;
    const meant = fix && vocabulary.frequency(fix) > commonest ? fix : undefined;
    if (meant && !correcting) return { parts, others: [meant, ...completions], known: true, content: true };
    if (meant) {
      corrections.set(word.text, meant);
      const alsoTyping = typing ? vocabulary.complete(meant, COMPLETIONS) : [];
      return { parts: [meant], others: [joined, ...alsoTyping], known: true, content: true };
    }
    // Completions of a stray token ("impr", "dat") weigh as those of an unknown word.
    const stray = typing && vocabulary.frequency(joined) * STRAY < commonest;
    if (known || completions.length > 0) {
      const alike = known ? lookAlike(joined, vocabulary) : undefined;
      return { parts, others: alike ? [alike, ...completions] : completions, known: known && !stray, content: true };
    }
    const fixed = parts.map((part) => (isKnown(part) || !correcting ? part : (vocabulary.correct(part) ?? part)));
    if (fixed.join('-') !== parts.join('-')) corrections.set(word.text, fixed.join('-'));
    return { parts: fixed, others: [] as string[], known: false, content: true };
  });
  return { read, corrections };
}

/** The plan from the words as read: a unit per content word, and units for neighbours written as one word. */
function planOf(
  typed: readonly Word[],
  read: ReturnType<typeof readWords>['read'],
  corrections: ReadonlyMap<string, string>,
  stillTyping: boolean,
  vocabulary: Vocabulary,
): QueryPlan {
  const contentIndex: number[] = [];
  const plainWords: string[] = [];
  read.forEach((word, index) => {
    contentIndex[index] = word.content ? plainWords.push(word.parts.join('-')) - 1 : -1;
  });

  const units: QueryUnit[] = [];
  read.forEach((word, index) => {
    if (!word.content) return;
    const terms = new Map<string, number>();
    for (const term of termsOfWord(word.parts.join('-'))) terms.set(term, 1);
    const weight = word.known ? COMPLETION_WEIGHT_KNOWN : COMPLETION_WEIGHT_UNKNOWN;
    for (const other of word.others) {
      for (const term of termsOfWord(other)) if (!terms.has(term)) terms.set(term, weight);
    }
    units.push({ covers: [contentIndex[index]!], terms: [...terms].map(([term, w]) => ({ term, weight: w })) });
  });

  // Neighbouring words the collection writes as one: "try on" → "tryon", "text to image" → "texttoimage".
  for (let i = 0; i < read.length; i++) {
    for (let n = 2; n <= MAX_JOINED_WORDS && i + n <= read.length; n++) {
      const window = read.slice(i, i + n);
      const joined = window.map((w) => w.parts.join('')).join('');
      const covers = window.map((_, k) => contentIndex[i + k]!).filter((c) => c >= 0);
      if (covers.length > 0 && vocabulary.has(joined)) units.push({ covers, terms: [{ term: joined, weight: 1 }] });
    }
  }

  const asCorrected = typed.map((w) => corrections.get(w.text) ?? w.text);
  return {
    words: plainWords,
    units,
    corrections,
    compact: asCorrected.join('').replace(/[^\p{L}\p{N}]/gu, ''),
    phrase: normaliseTitle(asCorrected.join(' ')),
    stillTyping,
    ...(stillTyping && read.at(-1)?.content ? { partial: plainWords.length - 1 } : {}),
  };
}
