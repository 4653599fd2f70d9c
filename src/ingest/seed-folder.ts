import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { log } from '../core/log.js';
import type { Paper } from '../core/paper.js';
import { parseTrendingPage } from './sources/seed-page.js';

/**
 * Reads every seed page (`*.txt`) in a folder. A paragraph the parser cannot place is logged with its file
 * and line and skipped; the other papers still load.
 */
export async function loadSeedPapers(dir: string): Promise<Paper[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.txt')).sort();
  const papers: Paper[] = [];
  for (const name of files) {
    const { papers: found, problems } = parseTrendingPage(await readFile(join(dir, name), 'utf8'));
    for (const problem of problems)
      log.warn({ file: join(dir, name), line: problem.line }, `seed page: ${problem.message}`);
    papers.push(...found);
  }
  return papers;
}
