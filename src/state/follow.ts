import { cleanInput } from '../core/text.js';
import { authorKey } from '../search/author-name.js';
import type { Topic } from './store.js';
import { normaliseTopic, topicKey, topicProblem } from './topic.js';

/**
 * What a channel follows: words (a topic), an author (`author:Yoshua Bengio`) or an arXiv category
 * (`cat:cs.CV`). Stored as typed in a subscription's topic, prefix and all, so the state file keeps one shape.
 */
export type Follow =
  | { readonly kind: 'topic'; readonly value: string }
  | { readonly kind: 'author'; readonly value: string }
  | { readonly kind: 'category'; readonly value: string };

const PREFIX = /^(author|cat|category)\s*:\s*(.*)$/i;
// An arXiv category as arXiv writes it: archive, then an optional subject class ("cs.CV", "hep-th", "math.AG").
const CATEGORY = /^([a-z-]+)(?:\.([a-z-]+))?$/i;

/** The category in arXiv's spelling: archive in lower case, a two-letter subject class in capitals (cs.CV). */
function canonicalCategory(text: string): string | undefined {
  const match = CATEGORY.exec(text);
  if (!match) return undefined;
  const [, archive = '', subject] = match;
  if (!subject) return archive.toLowerCase();
  return `${archive.toLowerCase()}.${subject.length === 2 ? subject.toUpperCase() : subject}`;
}

/** A follow as typed: `author:<name>`, `cat:<category>`, or a topic. */
export function parseFollow(text: string): Follow {
  const typed = cleanInput(text);
  const match = PREFIX.exec(typed);
  if (!match) return { kind: 'topic', value: normaliseTopic(typed) };
  const [, key = '', value = ''] = match;
  const name = value.trim();
  if (key.toLowerCase().startsWith('a')) return { kind: 'author', value: name };
  return { kind: 'category', value: canonicalCategory(name) ?? name };
}

/** How a follow is stored and shown: the topic itself, or its prefix and value. */
export const followText = (follow: Follow): Topic =>
  follow.kind === 'topic' ? follow.value : `${follow.kind === 'author' ? 'author' : 'cat'}:${follow.value}`;

/** What two spellings of one follow share ("Y. Bengio" is not "Yoshua Bengio": initials are a looser match). */
export function followKey(follow: Follow): string {
  if (follow.kind === 'author') return `author:${authorKey(follow.value)}`;
  if (follow.kind === 'category') return `cat:${follow.value.toLowerCase()}`;
  return topicKey(follow.value);
}

/** Why a text cannot be followed, or undefined when it can. */
export function followProblem(follow: Follow): string | undefined {
  if (follow.kind === 'topic') return topicProblem(follow.value);
  if (follow.kind === 'author') return authorKey(follow.value) ? undefined : 'names no author';
  return canonicalCategory(follow.value) ? undefined : 'is not an arXiv category like cs.CV';
}
