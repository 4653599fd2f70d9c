import { splitName } from '../team/names.js';

/**
 * Whether a paper's author is the person a channel follows. Names are compared as people write them: any case,
 * accents or none ("Sch\u00f6lkopf" is "Scholkopf"), "Last, First" or "First Last", and initials standing for
 * given names ("Y. Bengio" is "Yoshua Bengio"; "Samy Bengio" is not).
 */

interface Name {
  readonly given: readonly string[];
  readonly family: string;
}

const tokens = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

function parseName(text: string): Name | undefined {
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const family = tokens(text.slice(0, comma));
    if (family.length > 0) return { given: tokens(text.slice(comma + 1)), family: family.join(' ') };
  }
  // "van der Maaten" stays one family name, as reference managers split it.
  const { first, last } = splitName(text);
  const family = tokens(last);
  return family.length ? { given: tokens(first), family: family.join(' ') } : undefined;
}

/** The same name written another way, for telling a channel it already follows someone. */
export function authorKey(text: string): string {
  const name = parseName(text);
  return name ? [...name.given, name.family].join(' ') : '';
}

/** Two given names agree when equal, or when one is the other's initial. */
const sameGiven = (a: string, b: string) =>
  a === b || (a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b));

/**
 * Whether `written` (an author as a paper lists them) is the person `followed` names. The family names must
 * be equal; given names are compared as far as both go, so "Bengio" alone matches every Bengio.
 */
export function sameAuthor(followed: string, written: string): boolean {
  const a = parseName(followed);
  const b = parseName(written);
  if (!a || !b || a.family !== b.family) return false;
  const shared = Math.min(a.given.length, b.given.length);
  for (let i = 0; i < shared; i += 1) if (!sameGiven(a.given[i]!, b.given[i]!)) return false;
  return true;
}

/** The family name alone, as an index term to find candidates by (author:<family>). */
export const familyName = (text: string): string | undefined => parseName(text)?.family;
