import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Llm, llmFromConfig } from '../answers/llm.js';
import { type Ledger, openLedger } from '../daily/ledger.js';
import { createDaily, type DailyService } from '../daily/service.js';
import type { DailyDefaults } from '../daily/settings.js';
import type { Shared } from '../db/shared.js';
import type { Feeds } from '../ingest/feeds.js';
import { loadSeedPapers } from '../ingest/seed-folder.js';
import { type Library, openLibrary } from '../library/library.js';
import type { PaperSync } from '../library/pg-sync.js';
import { indexLibrary, type PaperIndex } from '../search/paper-index.js';
import type { SearchPoolOptions } from '../search/pool.js';
import { createSearcher } from '../search/searcher.js';
import type { RunSearch } from '../search/tasks.js';
import { ensureDataDir } from '../state/data-dir.js';
import { openStore, type Store } from '../state/store.js';
import { openReadingList, type ReadingList } from '../team/reading-list.js';
import { type Zotero, zoteroFromConfig } from '../team/zotero.js';
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
  /**
   * Searches, answers, finds similar papers (src/search/tasks.ts). A bot on a platform runs them in worker threads,
   * off the event loop, so interactions are acknowledged while it works. Handlers search through this.
   */
  readonly search: RunSearch;
  /** How many searches wait for a free worker: an answer will not be quick. */
  searchesWaiting(): number;
  /** Ends the search workers (at shutdown). */
  stopSearch(): Promise<void>;
  /** Where fresh papers come from, when this process fetches any (a bot on a platform, a CLI command). */
  readonly feeds: Feeds | undefined;
  useFeeds(feeds: Feeds): void;
  /** The language model that writes answers, when one is configured (LLM_MODEL). */
  readonly llm?: Llm;
  /** Each channel's saved papers. */
  readonly readingList: ReadingList;
  /** Where saved papers are also sent, when configured (ZOTERO_API_KEY and ZOTERO_LIBRARY). */
  readonly zotero?: Zotero;
}

export const stateFile = (config: Pick<Config, 'DATA_DIR'>) => join(config.DATA_DIR, 'state.json');
export const ledgerFile = (config: Pick<Config, 'DATA_DIR'>) => join(config.DATA_DIR, 'daily.db');
export const libraryFile = (config: Pick<Config, 'DATA_DIR'>) => join(config.DATA_DIR, 'papers.db');
/** How far papers.db has pulled the shared papers (with DATABASE_URL). */
export const paperCursorFile = (config: Pick<Config, 'DATA_DIR'>) => join(config.DATA_DIR, 'papers.pg.json');

export const DEFAULT_POST_TIME = '09:00';

/** Puts the parts together; `startBot` loads them from disk, tests pass their own. */
export function assembleBot(parts: {
  index: PaperIndex;
  store: Store;
  ledger: Ledger;
  timezone: string;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  llm?: Llm | undefined;
  /** The channels' reading lists; an empty one in memory unless given. */
  readingList?: ReadingList;
  zotero?: Zotero | undefined;
  /** The library file and worker settings for searching in worker threads; without it, search runs here. */
  searchPool?: SearchPoolOptions;
}): Bot {
  let index = parts.index;
  const searcher = createSearcher(() => index, parts.searchPool);
  let feeds: Feeds | undefined;
  const dailyDefaults = { time: DEFAULT_POST_TIME, timezone: parts.timezone };
  const readingList = parts.readingList ?? openReadingList(':memory:');
  // Saved papers count toward a channel's weekly top, beside its votes.
  const saved = (channel: string) => readingList.list(channel);
  const daily = createDaily({ ...parts, index: () => index, defaults: dailyDefaults, saved });
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
    search: searcher.run,
    searchesWaiting: () => searcher.waiting(),
    stopSearch: () => searcher.close(),
    get feeds() {
      return feeds;
    },
    useFeeds(next) {
      feeds = next;
    },
    ...(parts.llm ? { llm: parts.llm } : {}),
    readingList,
    ...(parts.zotero ? { zotero: parts.zotero } : {}),
  };
}

/** Adds the bundled seed papers to a library (new ones; known ones are merged, so adding them again changes nothing). */
export async function addSeeds(library: Library, config: Pick<Config, 'SEEDS_DIR'>, now: number): Promise<void> {
  const seeds = await loadSeedPapers(config.SEEDS_DIR);
  library.ingest(
    seeds.map((paper) => ({ paper, updateOnly: false })),
    now,
  );
}

/**
 * The library as a read-only command sees it, writing nothing: the file opened read-only, or, before any
 * library exists, the seeds in memory.
 */
async function libraryToRead(config: Config, now: number): Promise<Library> {
  const file = libraryFile(config);
  if (existsSync(file)) return openLibrary(file, { readonly: true });
  const inMemory = openLibrary(':memory:');
  await addSeeds(inMemory, config, now);
  return inMemory;
}

/**
 * Opens the library of papers (adding the bundled seeds), indexes it, and opens the state and daily ledger.
 * `readOnly` (search, ask, similar, new, trending, daily status) writes nothing: no seeds, no migration, and
 * no daily ledger is created (an empty one in memory stands in).
 */
export async function startBot(
  config: Config,
  now: () => Date = () => new Date(),
  /** A long-running bot searches a large library in worker threads; a one-shot command needs none. */
  options: { searchWorkers?: boolean; readOnly?: boolean } = {},
): Promise<Bot & { library: Library; shared?: Shared; paperSync?: PaperSync }> {
  const started = performance.now();
  // With DATABASE_URL, what several instances share lives in PostgreSQL; papers.db stays as this instance's cache.
  // Loaded only for PostgreSQL: the client took 70 ms of every start that does not use it.
  const shared = config.DATABASE_URL
    ? await (await import('../db/shared.js')).openShared(config.DATABASE_URL)
    : undefined;
  // A folder that cannot be used is named now, in one line, not as SQLite's "unable to open database file".
  await ensureDataDir(config.DATA_DIR, { write: !options.readOnly });
  let library: Library;
  if (options.readOnly) library = await libraryToRead(config, now().getTime());
  else {
    library = openLibrary(libraryFile(config));
    await addSeeds(library, config, now().getTime());
  }
  // The seeds stay local (every instance has them); the shared papers are pulled in, and ingests appended.
  const paperSync = shared && !options.readOnly ? shared.papers(library, paperCursorFile(config)) : undefined;
  if (paperSync) library = paperSync.library;
  const index = indexLibrary(library);
  const store = shared?.store ?? (await openStore(stateFile(config)));
  // The channels' records (daily posts, votes, reading lists) share one SQLite file.
  const channelsFile = options.readOnly && !existsSync(ledgerFile(config)) ? ':memory:' : ledgerFile(config);
  const ledger = shared?.ledger ?? openLedger(channelsFile);
  log.info({ papers: index.size, state: store.file, ms: Math.round(performance.now() - started) }, 'paperbot ready');
  const bot = Object.assign(
    assembleBot({
      index,
      store,
      ledger,
      timezone: config.DEFAULT_TIMEZONE,
      now,
      llm: llmFromConfig(config),
      readingList: shared?.readingList ?? openReadingList(channelsFile),
      zotero: zoteroFromConfig(config),
      ...(options.searchWorkers ? { searchPool: { file: library.file } } : {}),
    }),
    { library, ...(shared ? { shared } : {}), ...(paperSync ? { paperSync } : {}) },
  );
  // The workers load their indexes (and warm them) before the platforms connect, so the first command is quick.
  if (options.searchWorkers) await bot.search('search', '', { limit: 1 });
  return bot;
}
