import { type Logger, LogLevel } from '@slack/bolt';
import { log } from '../../src/core/log.js';

/** Bolt's and the Web API client's log lines go to the bot's structured log, not the console. */
export function slackLogger(): Logger {
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => log.debug({ slack: msg.join(' ') }),
    info: (...msg) => log.info({ slack: msg.join(' ') }),
    warn: (...msg) => log.warn({ slack: msg.join(' ') }),
    error: (...msg) => log.error({ slack: msg.join(' ') }),
    setLevel: (next) => (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}
