import { linksInText } from '../../core/links.js';
import { type Paper, paperIdFromTitle } from '../../core/paper.js';
import { quoted } from '../limits.js';
import { htmlPage, isRejected, toPaper } from './records.js';

/** A paragraph of the page that could not be read as part of a paper, with its line for the report. */
export interface ParseProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedPage {
  readonly papers: Paper[];
  readonly problems: ParseProblem[];
}

// The chrome only a trending-papers page carries (a date or "New" could open any text).
const PAGE_SIGNATURE = [/^get trending papers in your email inbox!?$/i, /^by\s*ak and the research community$/i];

// The navigation, banner and date header that a saved trending-papers page carries around its papers.
const PAGE_CHROME = [
  /^new$/i,
  /^subscribe$/i,
  ...PAGE_SIGNATURE,
  /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:, \d{4})?$/i,
];

// A paragraph opening like Markdown: a heading, a code fence, a list item, a quote, a table row or a link.
const MARKDOWN = /^(?:#{1,6}\s|```|~~~|[-*+]\s|\d+\.\s|>|\|)|\]\(/;

const MAX_TITLE_LENGTH = 300;

interface Paragraph {
  readonly text: string;
  readonly line: number;
}

function paragraphs(page: string): Paragraph[] {
  const out: Paragraph[] = [];
  let current: string[] = [];
  let startLine = 0;
  page.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') {
      if (current.length) out.push({ text: current.join(' '), line: startLine });
      current = [];
      return;
    }
    if (!current.length) startLine = index + 1;
    current.push(line);
  });
  if (current.length) out.push({ text: current.join(' '), line: startLine });
  return out;
}

const isChrome = (p: Paragraph) => PAGE_CHROME.some((pattern) => pattern.test(p.text));

/**
 * A title is one short line that does not read like running text: no link, no closing full stop, and at
 * most one sentence break ("Does CLIP Know My Face? Probing …" is a title; "We study X. We show Y." is not).
 */
const looksLikeTitle = (p: Paragraph) =>
  p.text.length <= MAX_TITLE_LENGTH &&
  !/https?:\/\//.test(p.text) &&
  !/\.\s*$/.test(p.text) &&
  (p.text.match(/[.!?]\s+\S/g) ?? []).length <= 1;

/**
 * Reads a saved trending-papers page: page chrome, then a title paragraph followed by its abstract
 * paragraph for each paper. A paragraph that breaks the title/abstract rhythm is reported, not guessed at.
 */
export function parseTrendingPage(page: string): ParsedPage {
  const papers: Paper[] = [];
  const problems: ParseProblem[] = [];
  const content = paragraphs(page).filter((p) => !isChrome(p));
  for (let i = 0; i < content.length; ) {
    const title = content[i]!;
    const abstract = content[i + 1];
    if (!looksLikeTitle(title)) {
      problems.push({ line: title.line, message: 'expected a paper title, found running text' });
      i += 1;
      continue;
    }
    if (!abstract || looksLikeTitle(abstract)) {
      problems.push({ line: title.line, message: `paper "${title.text.slice(0, 80)}" has no abstract` });
      i += 1;
      continue;
    }
    const { text } = title;
    const record = { id: paperIdFromTitle(text), title: text, abstract: abstract.text, source: 'seed' };
    const paper = toPaper({ ...record, links: linksInText(abstract.text) }, `line ${title.line}`);
    if (isRejected(paper)) problems.push({ line: title.line, message: paper.reason });
    else papers.push(paper);
    i += 2;
  }
  return { papers, problems };
}

/**
 * Why a text is not a saved trending-papers page, or nothing when it is one. A page with the site's chrome
 * is one; text without it must read as title/abstract pairs throughout, so a README or notes never pass.
 */
export function notATrendingPage(page: string, parsed: ParsedPage): string | undefined {
  const html = htmlPage(page);
  if (html) return html;
  const all = paragraphs(page);
  if (all.some((p) => PAGE_SIGNATURE.some((pattern) => pattern.test(p.text)))) return undefined;
  const markdown = all.find((p) => MARKDOWN.test(p.text));
  if (markdown) return `it reads as Markdown: line ${markdown.line}: "${quoted(markdown.text, 40)}"`;
  const [problem] = parsed.problems;
  if (problem) return `not a saved trending-papers page: line ${problem.line}: ${problem.message}`;
  return undefined;
}
