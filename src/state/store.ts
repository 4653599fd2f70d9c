import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import PQueue from 'p-queue';
import { log } from '../core/log.js';
import { lockState } from './lock.js';
import type { State } from './schema.js';
import { emptyState, StateFile } from './state-file.js';

export * from './schema.js';

/** The bot's own small state (subscriptions, daily settings, remembered buttons), kept in one JSON file. */
export interface Store {
  readonly file: string;
  /** The state as it is on disk now, including what other processes on the same DATA_DIR wrote. */
  read(): Readonly<State>;
  /**
   * Applies a change and writes it; changes are applied one after another, across processes too, and each
   * write is atomic. `change` gets a copy to edit: add, remove or replace entries, never edit one in place.
   */
  update<T>(change: (state: State) => T): Promise<T>;
  /** Resolves once every update asked for so far is on disk (before the process exits). */
  flush(): Promise<void>;
}

/** A copy whose lists can be changed freely; the entries themselves are shared, and treated as values. */
export const copyOf = (state: State): State => ({
  ...state,
  subscriptions: [...state.subscriptions],
  dailies: { ...state.dailies },
  actions: { ...state.actions },
});

/**
 * Opens the state file, creating it on first use. A file that is not valid JSON or does not match the
 * schema stops the bot with an error naming it, and is never written over: it may be the only copy of
 * a team's subscriptions. Several processes may share it (a bot and an operator's CLI): each update takes
 * an inter-process lock, re-reads the file if another process wrote it since, applies the change and
 * writes; a read between updates picks up the others' changes.
 */
export async function openStore(file: string): Promise<Store> {
  await mkdir(dirname(file), { recursive: true });
  const adapter = new StateFile(file);
  const db = new Low<State>(adapter, emptyState());
  await db.read();
  // Changes one at a time within this process, in the order asked; the lock orders them between processes.
  const queue = new PQueue({ concurrency: 1 });
  let warned: string | undefined;

  /** Another process's write, read between updates; a file broken meanwhile is reported once and not used. */
  function readLatest(): void {
    try {
      db.data = adapter.readSync() ?? emptyState();
      warned = undefined;
    } catch (error) {
      const message = (error as Error).message;
      if (message !== warned) log.warn({ file }, message);
      warned = message;
    }
  }

  return {
    file,
    read() {
      if (adapter.changed()) readLatest();
      return db.data;
    },
    update<T>(change: (state: State) => T): Promise<T> {
      return queue.add(async () => {
        const release = await lockState(file);
        try {
          if (adapter.changed()) db.data = (await adapter.read()) ?? emptyState();
          // Change a copy and keep it only once it is on disk: a failed write leaves memory as the file is.
          const current = db.data;
          const next = copyOf(current);
          const result = change(next);
          db.data = next;
          try {
            await db.write();
          } catch (error) {
            db.data = current;
            throw error;
          }
          return result;
        } finally {
          await release();
        }
      });
    },
    flush: () => queue.onIdle(),
  };
}
