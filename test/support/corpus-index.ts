// The full arXiv CS corpus as a library on disk, built once (about 90 s) and kept in the temp folder, so
// `npm run eval` can judge answers on 146,600 papers without rebuilding them every run.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestFile } from '../../src/ingest/ingest.js';
import { openLibrary } from '../../src/library/library.js';
import { libraryIndex, type PaperIndex } from '../../src/search/paper-index.js';

export const CORPUS = fileURLToPath(new URL('../../../shared/corpus/arxiv-cs-20200101.jsonl.gz', import.meta.url));

/** The corpus's index, or undefined when this machine has no corpus. */
export async function corpusIndex(log: (line: string) => void = () => {}): Promise<PaperIndex | undefined> {
  if (!existsSync(CORPUS)) return undefined;
  // Keyed on the corpus's size and time, so a changed corpus is built afresh.
  const { size, mtimeMs } = statSync(CORPUS);
  const dir = join(os.tmpdir(), `paperbot-corpus-${size}-${Math.round(mtimeMs)}`);
  const dbFile = join(dir, 'papers.db');
  if (!existsSync(dbFile)) {
    // Built beside and renamed when done, so a run cut short never leaves half a library to be read.
    const building = join(dir, `building-${process.pid}`);
    mkdirSync(building, { recursive: true });
    log('building the corpus library once (about 90 s)…');
    const library = openLibrary(join(building, 'papers.db'));
    await ingestFile(library, CORPUS, Date.parse('2020-01-01'));
    library.close();
    renameSync(join(building, 'papers.db'), dbFile);
    rmSync(building, { recursive: true, force: true });
  }
  return libraryIndex(openLibrary(dbFile));
}
