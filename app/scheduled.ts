import type { ScheduledTask } from 'node-cron';
import type { Bot } from '../src/core/bot.js';
import type { Config } from '../src/core/config.js';
import { electLeader } from '../src/core/leader.js';
import type { Shared } from '../src/db/shared.js';

/**
 * Runs the scheduled work (the daily run, the feeds' refresh): at once on a lone instance, and with DATABASE_URL
 * only while this instance leads, so that the instances do not all fetch the same feeds. Daily posts would stay
 * once a day even under two leaders: their claims are unique per channel and day. Answers a function that stops it.
 */
export function runScheduled(
  bot: Bot & { shared?: Shared },
  config: Config,
  refresh: ScheduledTask | undefined,
): () => Promise<void> {
  const start = async () => {
    await refresh?.start();
    bot.daily.start();
  };
  const stop = async () => {
    await refresh?.stop();
    await bot.daily.stop();
  };
  if (!bot.shared) {
    void start();
    return stop;
  }
  // node-cron starts a task when it is scheduled: this one waits for the lead.
  void refresh?.stop();
  const leadership = electLeader({
    url: bot.shared.url,
    session: bot.shared.db.session,
    retryMs: config.LEADER_RETRY_SECONDS * 1000,
    lead: () => void start(),
    follow: stop,
  });
  return () => leadership.stop();
}
