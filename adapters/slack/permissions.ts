import type { webApi } from '@slack/bolt';
import { log } from '../../src/core/log.js';

export type SubscribeRule = 'everyone' | 'admins';

// Long enough to spare users.info on every click, short enough that a promotion or demotion counts soon.
const CACHE_MS = 5 * 60 * 1000;

/**
 * Decides who may change a channel's topics: anyone, or workspace admins and owners as users.info reports
 * them (cached briefly). If Slack cannot say, the answer is no: nothing changes that should not. With the app in
 * many workspaces, `tokenFor` gives the token of the channel's workspace, which users.info needs.
 */
export function subscribePermission(
  rule: SubscribeRule,
  client: webApi.WebClient,
  now: () => number = Date.now,
  tokenFor?: (channelId: string) => Promise<string | undefined>,
) {
  const cache = new Map<string, { allowed: boolean; until: number }>();
  return async (userId: string, channelId = ''): Promise<boolean> => {
    if (rule === 'everyone') return true;
    const cached = cache.get(userId);
    if (cached && cached.until > now()) return cached.allowed;
    try {
      const token = await tokenFor?.(channelId);
      const { user } = await client.users.info({ user: userId, ...(token ? { token } : {}) });
      const allowed = Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
      cache.set(userId, { allowed, until: now() + CACHE_MS });
      return allowed;
    } catch (error) {
      log.warn({ err: error, user: userId }, 'slack users.info failed; treating the user as not an admin');
      return false;
    }
  };
}
