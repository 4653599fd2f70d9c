import { cleanInput, isStopWord, stem, words } from '../core/text.js';
import type { Topic } from './store.js';

/** A topic as shown: the words as the person typed them, in lower case and single-spaced. */
export function normaliseTopic(text: string): Topic {
  return cleanInput(text).toLowerCase();
}

// Short parts ("ons" in "try-ons") are below the stemmer's reach, so their plural "s" is dropped here.
const partKey = (part: string) => (part.length > 3 ? stem(part) : part.length === 3 ? part.replace(/s$/, '') : part);

/**
 * What two spellings of one topic share: "Virtual Try-On", "virtual tryon", "virtual try on" and
 * "virtual try-ons" all have the key "virtualtryon" (parts stemmed, then joined without spaces or hyphens).
 */
export function topicKey(text: string): string {
  return words(normaliseTopic(text))
    .flatMap((word) => word.text.split(/[-_'’]/))
    .map(partKey)
    .join('');
}

/** Why a text cannot be a topic (it names nothing to look for), or undefined when it can. */
export function topicProblem(text: string): string | undefined {
  const named = words(normaliseTopic(text));
  if (named.length === 0) return 'has no words to look for';
  if (named.every((word) => isStopWord(word.text))) return 'has only common words like "the" or "of"';
  return undefined;
}
