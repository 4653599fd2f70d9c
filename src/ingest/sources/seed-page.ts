import { linksInText } from '../../core/links.js';
import { type Paper, PaperSchema, paperIdFromTitle } from '../../core/paper.js';

/** A paragraph of the page that could not be read as part of a paper, with its line for the report. */
export interface ParseProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedPage {
  readonly papers: Paper[];
  readonly problems: ParseProblem[];
}

// The navigation, banner and date header that a saved trending-papers page carries around its papers.
const PAGE_CHROME = [
  /^new$/i,
  /^get trending papers in your email inbox!?$/i,
  /^subscribe$/i,
  /^by\s*ak and the research community$/i,
  /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:, \d{4})?$/i,
];

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
  p.text.length <= MAX_TITLE_LENGTH && !/https?:\/\//.test(p.text) && !/\.\s*$/.test(p.text) && (p.text.match(/[.!?]\s+\S/g) ?? []).length <= 1;

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
    papers.push(
      PaperSchema.parse({
        id: paperIdFromTitle(title.text),
        title: title.text,
        abstract: abstract.text,
        links: linksInText(abstract.text),
        source: 'seed',
      }),
    );
    i += 2;
  }
  return { papers, problems };
}
