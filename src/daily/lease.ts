import type { ChannelKey } from '../core/channel.js';
import { log } from '../core/log.js';
import { type Claims, LEASE_MS } from './ledger.js';

// Well within the lease, so a slow disk or a busy moment cannot let a live holder's claim lapse.
const RENEW_EVERY_MS = LEASE_MS / 4;

/**
 * Runs one send while renewing the claim, so another host takes the post over only once this process has
 * stopped, however long the platform takes to answer (429 waits included).
 */
export async function keepingClaim<T>(
  ledger: Claims,
  key: ChannelKey,
  localDate: string,
  now: () => Date,
  send: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    try {
      ledger.renew(key, localDate, now().getTime());
    } catch (error) {
      log.warn({ channel: key, err: error }, 'could not renew the claim on the daily post');
    }
  }, RENEW_EVERY_MS);
  timer.unref();
  try {
    return await send();
  } finally {
    clearInterval(timer);
  }
}
