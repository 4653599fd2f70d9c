import { readableLatex } from '../core/latex.js';
import type { Paper, PaperId } from '../core/paper.js';
import { paperUrl } from '../core/present.js';
import { splitName } from './names.js';

/**
 * BibTeX for papers. Text fields are made safe for LaTeX: the title's own markup is first read as Unicode
 * (as the chat shows it), then every special character is escaped and every word with a capital is braced so
 * that bibliography styles keep its case. Non-ASCII stays UTF-8 (biber, and bibtex with inputenc, read it).
 */

const SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Text with LaTeX's special characters escaped; nothing else changes. */
export const escapeLatex = (text: string): string => text.replace(/[\\{}&%$#_~^]/g, (c) => SPECIALS[c]!);

/** Words as written: every word holding a capital letter is braced, so "GANs" never becomes "gans". */
export const protectedText = (text: string): string =>
  text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => (/\p{Lu}/u.test(word) ? `{${escapeLatex(word)}}` : escapeLatex(word)))
    .join(' ');

// A name with a comma or a standalone "and" would be split by BibTeX: braced whole, it is one name.
const authorName = (name: string) => {
  const plain = readableLatex(name);
  return /,|\band\b/i.test(plain) ? `{${escapeLatex(plain)}}` : escapeLatex(plain);
};

// Braces and backslashes are the characters a URL or DOI could break BibTeX with; percent-encoded, they cannot.
const verbatim = (value: string) =>
  value.replace(/[{}\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

const ascii = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

// Words a key skips, as Google Scholar's keys do: "The Power of Scale" → power.
const MINOR_WORDS = new Set([
  'a',
  'an',
  'the',
  'on',
  'of',
  'in',
  'for',
  'to',
  'and',
  'with',
  'from',
  'towards',
  'toward',
]);

/** `lastname2024firstword`, in ASCII: the first author's family name, the year and the title's first word. */
export function baseKey(paper: Paper): string {
  const first = paper.authors?.[0];
  const last = first ? ascii(splitName(readableLatex(first)).last) : '';
  const year = paper.published?.slice(0, 4) ?? '';
  const words = readableLatex(paper.title).split(/\s+/).map(ascii).filter(Boolean);
  const word = words.find((w) => !MINOR_WORDS.has(w)) ?? words[0] ?? '';
  return `${last || 'anon'}${year}${word}` || 'paper';
}

/** A key for each paper, unique among them: a repeated key gets -2, -3, … in list order. */
export function citationKeys(papers: readonly Paper[]): Map<PaperId, string> {
  const used = new Set<string>();
  const keys = new Map<PaperId, string>();
  for (const paper of papers) {
    const base = baseKey(paper);
    let key = base;
    for (let n = 2; used.has(key); n += 1) key = `${base}-${n}`;
    used.add(key);
    keys.set(paper.id, key);
  }
  return keys;
}

/** One `@misc` entry: arXiv's eprint fields when the paper has an arXiv id, DOI and journal when known. */
export function bibtexEntry(paper: Paper, key: string = baseKey(paper)): string {
  const url = paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : paperUrl(paper);
  const fields: [string, string | undefined][] = [
    ['title', protectedText(readableLatex(paper.title))],
    ['author', paper.authors?.map(authorName).join(' and ')],
    ['year', paper.published?.slice(0, 4)],
    ['eprint', paper.arxivId],
    ['archivePrefix', paper.arxivId ? 'arXiv' : undefined],
    ['primaryClass', paper.arxivId ? paper.categories?.[0] && escapeLatex(paper.categories[0]) : undefined],
    ['url', url && verbatim(url)],
    ['doi', paper.doi && verbatim(paper.doi)],
    ['journal', paper.journal && protectedText(readableLatex(paper.journal))],
  ];
  const lines = fields.filter(([, value]) => value).map(([name, value]) => `  ${name} = {${value}},`);
  return [`@misc{${key},`, ...lines, '}'].join('\n');
}

/** A whole `.bib` file, one entry a paper, keys unique in it. */
export function bibtexFile(papers: readonly Paper[]): string {
  const keys = citationKeys(papers);
  return `${papers.map((paper) => bibtexEntry(paper, keys.get(paper.id))).join('\n\n')}\n`;
}
