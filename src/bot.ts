import { join } from 'node:path';
import type { Config } from './config.js';
import { log } from './log.js';
import { loadSeedPapers } from './papers.js';
import { buildIndex, type PaperIndex } from './search.js';
import { openStore, type Store } from './store.js';

/** Everything a command needs: the searchable papers, the stored state and the clock. */
export interface Bot {
  readonly index: PaperIndex;
  readonly store: Store;
  now(): Date;
}

export const stateFile = (config: Pick<Config, 'DATA_DIR'>) => join(config.DATA_DIR, 'state.json');

/** Loads the papers, builds the search index once and opens the state file. */
export async function startBot(config: Config, now: () => Date = () => new Date()): Promise<Bot> {
  const started = performance.now();
  const papers = await loadSeedPapers(config.SEEDS_DIR);
  const index = buildIndex(papers);
  const store = await openStore(stateFile(config));
  log.info({ papers: index.size, state: store.file, ms: Math.round(performance.now() - started) }, 'paperbot ready');
  return { index, store, now };
}
