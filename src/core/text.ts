import { stemmer } from 'stemmer';
import { forEachWord, wordMemo } from './word-scan.js';

// Invisible format characters (zero-width spaces, joiners, BOM, bidi marks) are never meaningful in a query
// or topic and can hide text or break rendering: they go. Control characters (tabs, newlines) are spacing.
const INVISIBLE = /\p{Cf}/gu;
const CONTROL = /\p{Cc}/gu;

/** Normalises text typed by a person: Unicode NFKC, no invisible characters, single spaces, trimmed. */
export function cleanInput(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

// Words that carry no topic: English function words, question words, and the vocabulary of paper
// abstracts themselves ("paper", "propose"), so "how can I edit a photo?" ranks like "edit photo".
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
   between both but by can could did do does doing done down during each either etc few for from further had
   has have having he her here hers him his how however i if in into is it its itself just let like may me
   might more most much must my no nor not of off on once only or other our ours out over own per please
   same shall she should so some such than that the their theirs them then there these they this those
   through thus to too under until up upon us use used using very via was we were what when where whether
   which while who whom whose why will with within without would yet you your yours
   many much several various find show give tell get know want need look looking anything something any
   paper papers work works
   article articles study propose proposed present presents approach introduce new novel`
    .split(/\s+/)
    .filter(Boolean),
);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** A word as it appears in text, lowercased, with where it is so snippets can mark it. */
export interface Word {
  /** Lowercased. */
  readonly text: string;
  /** As written, for splitting "StyleGAN" into "style" and "gan" when indexing. */
  readonly raw: string;
  readonly start: number;
  readonly end: number;
}

// A word is letters and digits, possibly joined by hyphens, apostrophes or underscores ("try-on",
// "StyleGAN2-ADA", "W_+"). Hyphen-joined parts are split later so both "try" and "tryon" are indexed.
const WORD = /[\p{L}\p{N}]+(?:[-_'’][\p{L}\p{N}]+)*/gu;

export function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    out.push({ text: m[0].toLowerCase(), raw: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// Stems already computed: an ingest stems the same few hundred thousand words millions of times.
const stems = new Map<string, string>();
const MAX_STEMS = 100_000;

/** The stem a word is indexed under: light English stemming, digits left alone. */
export function stem(word: string): string {
  if (/\d/.test(word) || word.length <= 3) return word;
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    if (stems.size >= MAX_STEMS) stems.clear();
    stems.set(word, (stemmed = stemmer(word)));
  }
  return stemmed;
}

/** The parts of a typed word as the vocabulary holds them: "try-on" → try, on; "StyleGAN's" → stylegan. */
export function surfaceParts(word: string): string[] {
  return word
    .replace(/['’]s$/, '')
    .replace(/['’]/g, '')
    .split(/[-_]/)
    .filter(Boolean);
}

/**
 * The index terms of one word: the stems of its parts and, for a compound like "try-on", the joined form,
 * so "try-on", "tryon" and "try on" meet. A model name with a version ("stylegan2") is also indexed
 * without it, so "stylegan" finds StyleGAN2 papers.
 */
export function termsOfWord(word: string): string[] {
  const parts = surfaceParts(word);
  const terms = new Set<string>();
  for (const part of parts) {
    if (isStopWord(part)) continue;
    terms.add(stem(part));
    const unversioned = /^([a-z]{3,})\d+[a-z]*$/.exec(part);
    if (unversioned?.[1]) terms.add(stem(unversioned[1]));
  }
  if (parts.length > 1) {
    // Both spellings of a compound: as written ("try-on" → "tryon") and as one typed word is stemmed.
    terms.add(parts.join(''));
    terms.add(stem(parts.join('')));
  }
  return [...terms];
}

// Inner capitals mark the parts of a coined name: "StyleGAN" → Style|GAN, "HairFastGAN" → Hair|Fast|GAN.
const CAMEL_BOUNDARY = /(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/;

/** The forms of a lowercased word the vocabulary holds: each part, and a compound joined ("try-on" → try, on, tryon). */
const JOINED = /[-_'’]/;

export function surfaceFormsOfWord(word: string): readonly string[] {
  // A word without a joiner or an apostrophe is its own only part (most words: no regular expressions run).
  if (!JOINED.test(word)) return [word];
  const parts = surfaceParts(word);
  return parts.length > 1 ? [...parts, parts.join('')] : parts;
}

/** What one word as written gives the index: its terms, its surface forms and, for a coined name, its parts. */
function wordIndexing(raw: string) {
  const text = raw.toLowerCase();
  const parts = raw === text ? [] : namePartsOf({ text, raw, start: 0, end: raw.length });
  return { terms: termsOfWord(text), forms: surfaceFormsOfWord(text), parts };
}

// Remembered by the word as written ("Model" apart from "model"): a lookup then needs no lowercased copy.
// 50,000 words a generation: the commonest words of any corpus, in about 10 MB; with fewer, a bulk ingest's
// reader (its slowest thread) spent a tenth of its time working words out again.
const memoWord = wordMemo(wordIndexing, 50_000);

/** All index terms of a text, in order, with repeats (term frequency matters to ranking). */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  forEachWord(text, (start, end) => {
    for (const term of memoWord(text, start, end).terms) out.push(term);
  });
  return out;
}

/**
 * One reading of a text for the index: appends its index terms (in order, with repeats) to `terms`, its
 * surface forms to `forms`, and, when `parts` is given, its coined names' parts to it. Out-parameters, as a
 * paper's fields are read into the same lists and an ingest reads millions of words.
 */
export function readText(text: string, terms: string[], forms: Set<string>, parts?: string[]): void {
  forEachWord(text, (start, end) => {
    const word = memoWord(text, start, end);
    for (const term of word.terms) terms.push(term);
    for (const form of word.forms) forms.add(form);
    if (parts) for (const part of word.parts) parts.push(part);
  });
}

/** The parts of a coined name that are not already terms of the word: "StyleGAN" → style, gan. */
function namePartsOf(word: Word): string[] {
  // Every boundary is before a capital after the first letter: most words have none.
  if (!/[A-Z]/.test(word.raw.slice(1))) return [];
  const pieces = word.raw.split(/[-_'’]/);
  const camelParts = pieces.flatMap((piece) => piece.split(CAMEL_BOUNDARY));
  if (camelParts.length <= pieces.length) return [];
  const own = termsOfWord(word.text);
  return [
    ...new Set(
      camelParts.filter((p) => p.length >= 2 && !isStopWord(p.toLowerCase())).map((p) => stem(p.toLowerCase())),
    ),
  ].filter((t) => !own.includes(t));
}

/**
 * The parts of the coined names in a text, indexed apart from its words (a field of their own, weighted low
 * and left out of word statistics): "gan inversion" then finds "StyleGAN inversion", while "style" keeps
 * telling style papers from the many that merely use StyleGAN.
 */
export function nameParts(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    // Only a word with a capital after its first letter has name parts (namePartsOf's own first test).
    if (!/[A-Z]/.test(raw.slice(1))) continue;
    for (const part of namePartsOf({ text: raw.toLowerCase(), raw, start: m.index, end: m.index + raw.length }))
      out.push(part);
  }
  return out;
}

/** Every term a word stands for in the index: its own terms and its name parts (for marking matches). */
export const allTermsOfWord = (word: Word): string[] => [...termsOfWord(word.text), ...namePartsOf(word)];

const URL_IN_TEXT = /https?:\/\/\S+/g;

/** The text with its URLs blanked (same length, so offsets still hold): a link is not an answer. */
export const withoutUrls = (text: string) => text.replace(URL_IN_TEXT, (url) => ' '.repeat(url.length));

const ABBREVIATION = /\b(?:e\.g|i\.e|et al|etc|vs|cf|fig|figs|eq|eqs|sec|approx|resp|no)\.\s*$/i;

/**
 * Splits an abstract into sentences. Intl.Segmenter knows Unicode's sentence rules; abbreviations it
 * would break after ("e.g.", "et al.") are joined back so a snippet never starts mid-thought.
 */
export function sentences(text: string): { text: string; start: number }[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const out: { text: string; start: number }[] = [];
  for (const seg of segmenter.segment(text)) {
    const last = out[out.length - 1];
    if (last && (ABBREVIATION.test(last.text) || /^[a-z(]/.test(seg.segment.trimStart()))) {
      last.text += seg.segment;
    } else {
      out.push({ text: seg.segment, start: seg.index });
    }
  }
  return out
    .map((s) => {
      const lead = s.text.length - s.text.trimStart().length;
      return { text: s.text.trim(), start: s.start + lead };
    })
    .filter((s) => s.text.length > 0);
}

/** An abstract cut to whole sentences within `max` characters (at least the first sentence, itself cut if huge). */
export function shortAbstract(abstract: string, max: number): string {
  let out = '';
  for (const sentence of sentences(abstract)) {
    const next = out ? `${out} ${sentence.text}` : sentence.text;
    if (next.length > max) break;
    out = next;
  }
  if (out) return out.length < abstract.trim().length ? `${out} …` : out;
  const cut = abstract.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).trimEnd()}…`;
}
