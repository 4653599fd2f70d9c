import { createHash } from 'node:crypto';
import type { Action } from '../core/reply.js';
import type { Store } from '../state/store.js';

// Enough to page back through any recent result; older buttons say they have expired.
const KEPT_ACTIONS = 2000;

/**
 * Stores an action under a short key, for a platform whose buttons cannot carry it whole. The key is
 * derived from the action, so the same button always gets the same key and storing it twice is free.
 */
export async function rememberAction(store: Store, action: Action, now: Date): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(action)).digest('base64url').slice(0, 16);
  if (store.read().actions[key]) return key;
  await store.update((state) => {
    state.actions[key] = { action, at: now.toISOString() };
    const keys = Object.keys(state.actions);
    if (keys.length > KEPT_ACTIONS) {
      const oldest = keys
        .sort((a, b) => state.actions[a]!.at.localeCompare(state.actions[b]!.at))
        .slice(0, keys.length - KEPT_ACTIONS);
      for (const old of oldest) delete state.actions[old];
    }
  });
  return key;
}

export function recallAction(store: Store, key: string): Action | undefined {
  return store.read().actions[key]?.action;
}
