import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Paper } from '../../src/core/paper.js';
import { parseTrendingPage } from '../../src/ingest/sources/seed-page.js';
import { buildIndex, type PaperIndex } from '../../src/search/paper-index.js';

export const seedFile = fileURLToPath(new URL('../../seeds/trending-papers-style-and-fashion.txt', import.meta.url));

let cached: { papers: Paper[]; index: PaperIndex } | undefined;

/** The bundled seed papers and their index, built once per test file. */
export function seeds(): { papers: Paper[]; index: PaperIndex } {
  if (!cached) {
    const { papers } = parseTrendingPage(readFileSync(seedFile, 'utf8'));
    cached = { papers, index: buildIndex(papers) };
  }
  return cached;
}

export function paperTitled(start: string): Paper {
  const paper = seeds().papers.find((p) => p.title.startsWith(start));
  if (!paper) throw new Error(`no seed paper titled "${start}…"`);
  return paper;
}
