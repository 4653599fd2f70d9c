/** An author's name as reference managers want it: the last word is the family name, the rest given names. */
export interface PersonName {
  readonly first: string;
  readonly last: string;
}

// Particles that belong to the family name ("Ludwig van Beethoven" → "van Beethoven").
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'da',
  'di',
  'du',
  'la',
  'le',
  'dos',
  'das',
]);

/** Splits "Given Names Family" as arXiv writes names; one word is a family name alone. */
export function splitName(name: string): PersonName {
  const words = name.trim().split(/\s+/);
  let at = words.length - 1;
  while (at > 1 && PARTICLES.has(words[at - 1]!.toLowerCase())) at -= 1;
  return { first: words.slice(0, at).join(' '), last: words.slice(at).join(' ') };
}
