import type { SyncPg } from '../db/sync-pg.js';
import { copyOf, type State, StateSchema, type Store } from './store.js';

interface StateRow {
  version: number;
  data: unknown;
}

/**
 * The state in PostgreSQL, for several instances: one row holding the whole document, as state.json does. Kept as
 * one JSON row rather than tables because the Store hands a change the whole state and keeps it whole: a row
 * locked with SELECT … FOR UPDATE serialises the instances' changes exactly as the file lock serialises processes.
 * `version` grows with every write, so a read costs one round trip and fetches the document only when it changed.
 */
export function openPgStore(db: SyncPg, name: string): Store {
  let cached: { version: number; state: State } | undefined;

  /** The row's document when its version differs from ours (null data: ours is current), checked on the way in. */
  function adopt(row: StateRow | undefined): State {
    if (!row) throw new Error('paperbot_state has no row: were the migrations applied?');
    if (row.data !== null) cached = { version: row.version, state: StateSchema.parse(row.data) };
    return cached!.state;
  }

  const latest = (lock: string) =>
    adopt(
      db.query<StateRow>(
        `SELECT version, CASE WHEN version = $1 THEN NULL ELSE data END AS data FROM paperbot_state WHERE id = 1 ${lock}`,
        [cached?.version ?? -1],
      ).rows[0],
    );

  return {
    file: name,
    read: () => latest(''),
    update<T>(change: (state: State) => T): Promise<T> {
      try {
        return Promise.resolve(
          db.transaction(() => {
            const next = copyOf(latest('FOR UPDATE'));
            const result = change(next);
            const { version } = db.query<{ version: number }>(
              'UPDATE paperbot_state SET version = version + 1, data = $1 WHERE id = 1 RETURNING version',
              [JSON.stringify(next)],
            ).rows[0]!;
            cached = { version, state: next };
            return result;
          }),
        );
      } catch (error) {
        return Promise.reject(error);
      }
    },
    // Each update is committed before it returns.
    flush: () => Promise.resolve(),
  };
}
