import { join } from 'node:path';
import { pino } from 'pino';
import type { Config } from '../src/core/config.js';
import { configureLog } from '../src/core/log.js';

/**
 * Logs at LOG_LEVEL, else at `level`; to a file while someone chats in the terminal (so lines do not
 * interleave with the chat), else to stderr.
 */
export function setUpLogging(config: Config, level: 'info' | 'warn', interactive = false): void {
  const file = config.LOG_FILE ?? (interactive ? join(config.DATA_DIR, 'paperbot.log') : undefined);
  configureLog(config.LOG_LEVEL ?? level, file ? pino.destination({ dest: file, mkdir: true, sync: true }) : undefined);
}
