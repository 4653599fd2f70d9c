import type { Ledger } from '../daily/ledger.js';
import { openPgLedger } from '../daily/pg-ledger.js';
import type { Library } from '../library/library.js';
import { type PaperSync, syncPapers } from '../library/pg-sync.js';
import type { Installations } from '../state/installations.js';
import { openPgInstallations } from '../state/pg-installations.js';
import { openPgStore } from '../state/pg-store.js';
import type { Store } from '../state/store.js';
import { openPgReadingList } from '../team/pg-reading-list.js';
import type { ReadingList } from '../team/reading-list.js';
import { migrate } from './migrate.js';
import { redactedUrl } from './pg.js';
import { openSyncPg, type SyncPg } from './sync-pg.js';

/** What several instances share through PostgreSQL (DATABASE_URL), all on one session of this instance. */
export interface Shared {
  readonly url: string;
  readonly db: SyncPg;
  readonly store: Store;
  readonly ledger: Ledger;
  readonly readingList: ReadingList;
  readonly installations: Installations;
  /** Makes the local library a cache of the shared papers: pulls what it lacks now, appends what it ingests. */
  papers(local: Library, cursorFile: string): PaperSync;
  close(): Promise<void>;
}

/** Applies the pending migrations, then opens the shared records. */
export async function openShared(url: string): Promise<Shared> {
  await migrate(url);
  const db = await openSyncPg(url);
  return {
    url,
    db,
    store: openPgStore(db, `${redactedUrl(url)}#paperbot_state`),
    ledger: openPgLedger(db),
    readingList: openPgReadingList(db),
    installations: openPgInstallations(db),
    papers(local, cursorFile) {
      const sync = syncPapers(local, db, cursorFile);
      sync.pull();
      return sync;
    },
    close: () => db.close(),
  };
}
