import { join } from 'node:path';
import { type Ledger, openLedger } from '../daily/ledger.js';
import { createDaily, type DailyService } from '../daily/service.js';
import type { DailyDefaults } from '../daily/settings.js';
import type { Feeds } from '../ingest/feeds.js';
import { loadSeedPapers } from '../ingest/seed-folder.js';
import { type Library, openLibrary } from '../library/library.js';
import { indexLibrary, type PaperIndex } from '../search/paper-index.js';
import { openStore, type Store } from '../state/store.js';
import type { Config } from './config.js';
import { log } from './log.js';

/** Everything a command needs: the searchable papers, the stored state, the daily posts and the clock. */
export interface Bot {
  /** The current index; replaced (not changed) when new papers arrive. */
  readonly index: PaperIndex;
  readonly store: Store;
  readonly ledger: Ledger;
  readonly daily: DailyService;
  readonly dailyDefaults: DailyDefaults;
  now(): Date;
  /** Swaps in an index over the papers as they are now (after an ingest). */
  useIndex(index: PaperIndex): void;
  /** Where fresh papers come from, when this process fetches any (a bot on a platform, a CLI command). */
  readonly feeds: Feeds | undefined;
  useFeeds(feeds: Feeds): void;
}

export const stateFile = (config: Pick<Config, 'DATA_DIR'>) => join(config.DATA_DIR, 'state.json');
export const ledgerFile = (config: Pick<Config, 'DATA_DIR'>) => join(config.DATA_DIR, 'daily.db');
export const libraryFile = (config: Pick<Config, 'DATA_DIR'>) => join(config.DATA_DIR, 'papers.db');

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
  let index = parts.index;
  let feeds: Feeds | undefined;
  const dailyDefaults = { time: DEFAULT_POST_TIME, timezone: parts.timezone };
  const daily = createDaily({ ...parts, index: () => index, defaults: dailyDefaults });
  return {
    get index() {
      return index;
    },
    store: parts.store,
    ledger: parts.ledger,
    daily,
    dailyDefaults,
    now: parts.now,
    useIndex(next) {
      index = next;
    },
    get feeds() {
      return feeds;
    },
    useFeeds(next) {
      feeds = next;
    },
  };
}

/** Opens the library of papers (adding the bundled seeds), indexes it, and opens the state and daily ledger. */
export async function startBot(
  config: Config,
  now: () => Date = () => new Date(),
): Promise<Bot & { library: Library }> {
  const started = performance.now();
  const library = openLibrary(libraryFile(config));
  const seeds = await loadSeedPapers(config.SEEDS_DIR);
  library.ingest(
    seeds.map((paper) => ({ paper, updateOnly: false })),
    now().getTime(),
  );
  const index = indexLibrary(library);
  const store = await openStore(stateFile(config));
  const ledger = openLedger(ledgerFile(config));
  log.info({ papers: index.size, state: store.file, ms: Math.round(performance.now() - started) }, 'paperbot ready');
  return Object.assign(assembleBot({ index, store, ledger, timezone: config.DEFAULT_TIMEZONE, now }), { library });
}
