import lockfile from 'proper-lockfile';
import { StoreError } from '../core/errors.js';
import { log } from '../core/log.js';

// A holder refreshes its lock every STALE_MS / 2; one not refreshed for STALE_MS died, and is taken over.
const STALE_MS = 10_000;
// Waiting long enough to outlast a crashed holder's lock (about 25 s in all), in short steps.
const RETRIES = { retries: 120, minTimeout: 20, maxTimeout: 250, factor: 1.3 };

/**
 * Takes the inter-process lock on the state file (a `<file>.lock` directory, through proper-lockfile: mkdir is
 * atomic on every file system, and the lock's mtime tells a live holder from a dead one). Resolves with its release.
 */
export async function lockState(file: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(file, {
      realpath: false,
      stale: STALE_MS,
      retries: RETRIES,
      // Our lock was taken over (this process stalled past STALE_MS): say so rather than crash from a timer.
      onCompromised: (error) => log.error({ err: error, file }, 'state file lock taken over by another process'),
    });
  } catch (error) {
    throw new StoreError(`cannot lock the state file ${file}: ${(error as Error).message}`);
  }
}
