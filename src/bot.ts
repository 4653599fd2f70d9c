import { join } from 'node:path';
import type { Config } from './config.js';
import type { DailyDefaults } from './daily-settings.js';
import { type Ledger, openLedger } from './ledger.js';
import { log } from './log.js';
import { loadSeedPapers } from './papers.js';
import { createDaily, type DailyService } from './scheduler.js';
import { buildIndex, type PaperIndex } from './search.js';
import { openStore, type Store } from './store.js';

/** Everything a command needs: the searchable papers, the stored state, the daily posts and the clock. */
export interface Bot {
  readonly index: PaperIndex;
  readonly store: Store;
  readonly ledger: Ledger;
  readonly daily: DailyService;
  readonly dailyDefaults: DailyDefaults;
  now(): Date;
}

export const stateFile = (config: Pick<Config, 'DATA_DIR'>) => join(config.DATA_DIR, 'state.json');
export const ledgerFile = (config: Pick<Config, 'DATA_DIR'>) => join(config.DATA_DIR, 'daily.db');

export const DEFAULT_POST_TIME = '09:00';

/** Puts the parts together; `startBot` loads them from disk, tests pass their own. */
export function assembleBot(parts: {
  index: PaperIndex;
  store: Store;
  ledger: Ledger;
  timezone: string;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
}): Bot {
  const dailyDefaults = { time: DEFAULT_POST_TIME, timezone: parts.timezone };
  const daily = createDaily({ ...parts, defaults: dailyDefaults });
  return { index: parts.index, store: parts.store, ledger: parts.ledger, daily, dailyDefaults, now: parts.now };
}

/** Loads the papers, builds the search index once, and opens the state file and the daily ledger. */
export async function startBot(config: Config, now: () => Date = () => new Date()): Promise<Bot> {
  const started = performance.now();
  const papers = await loadSeedPapers(config.SEEDS_DIR);
  const index = buildIndex(papers);
  const store = await openStore(stateFile(config));
  const ledger = openLedger(ledgerFile(config));
  log.info({ papers: index.size, state: store.file, ms: Math.round(performance.now() - started) }, 'paperbot ready');
  return assembleBot({ index, store, ledger, timezone: config.DEFAULT_TIMEZONE, now });
}
