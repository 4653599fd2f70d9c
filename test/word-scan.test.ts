import { describe, expect, it } from 'vitest';
import { indexTerms, words } from '../src/core/text.js';
import { forEachWord } from '../src/core/word-scan.js';
import { collapseWhitespace } from '../src/ingest/sources/records.js';

/** Deterministic pseudo-random text from pieces that test every edge of a word: joiners, scripts, pairs, spacing. */
function texts(count: number): string[] {
  const pieces = [
    'a',
    'Z',
    '9',
    '-',
    '_',
    "'",
    '’',
    ' ',
    '  ',
    '\n',
    '\t',
    '\u00a0',
    'é',
    'ß',
    'Ω',
    '中',
    '٣',
    '𝐱',
    '😀',
    '\ud835',
    '.',
    ',',
    '--',
    "'s",
    'StyleGAN2-ADA',
    'try-on',
    '\u2003',
  ];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: next() % 40 }, () => pieces[next() % pieces.length]).join(''),
  );
}

describe('reading words without building them', () => {
  it('finds the words the word pattern finds, where it finds them, in any script and at every joiner', () => {
    for (const text of texts(3000)) {
      const found: string[] = [];
      forEachWord(text, (start, end) => found.push(`${start}:${text.slice(start, end)}`));
      expect(found, JSON.stringify(text)).toEqual(words(text).map((word) => `${word.start}:${word.raw}`));
    }
  });

  it('gives a word the same terms wherever it stands, met for the first time or again', () => {
    expect(indexTerms('StyleGAN2-ADA try-on; StyleGAN2-ADA again')).toEqual([
      ...indexTerms('StyleGAN2-ADA'),
      ...indexTerms('try-on'),
      ...indexTerms('StyleGAN2-ADA'),
      ...indexTerms('again'),
    ]);
  });
});

describe('collapseWhitespace', () => {
  it('spaces text as replacing every run of white space with one space would', () => {
    for (const text of texts(3000)) expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' ').trim());
  });
});
