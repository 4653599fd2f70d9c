import { log } from '../core/log.js';
import type { Reply } from '../core/reply.js';

/** Chat platforms take about one edit of a message per second before they start refusing them. */
export const EDIT_INTERVAL_MS = 1000;

export interface Live {
  /** A newer version of the reply: shown now, or once the interval since the last one has passed. */
  push(reply: Reply): void;
  /** Stops showing versions and waits for the one being sent; true when any was shown. */
  settle(): Promise<boolean>;
}

/**
 * Shows a reply as it grows (an answer streaming in) through `show`, which posts the message the first time
 * and edits it after: at most once per interval, never two calls at once, and only the latest version when
 * several arrived meanwhile. The final reply is the adapter's to send after `settle`.
 */
export function liveReply(show: (reply: Reply) => Promise<void>, intervalMs = EDIT_INTERVAL_MS): Live {
  let latest: Reply | undefined;
  let sending: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastShown = Number.NEGATIVE_INFINITY;
  let shown = false;
  let settled = false;

  function schedule() {
    if (settled || sending || timer || !latest) return;
    timer = setTimeout(flush, Math.max(0, lastShown + intervalMs - performance.now()));
  }
  function flush() {
    timer = undefined;
    const reply = latest;
    latest = undefined;
    if (!reply || settled) return;
    lastShown = performance.now();
    shown = true;
    sending = show(reply)
      .catch((error: unknown) => log.warn({ err: error }, 'could not show the answer so far'))
      .finally(() => {
        sending = undefined;
        schedule();
      });
  }

  return {
    push(reply) {
      latest = reply;
      schedule();
    },
    async settle() {
      settled = true;
      clearTimeout(timer);
      await sending;
      return shown;
    },
  };
}
