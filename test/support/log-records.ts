import { configureLog } from '../../src/core/log.js';

/**
 * The bot's log records from now on, parsed, for a test that waits for the moment the bot logs (a failure given
 * up on, say) instead of sleeping a while. `stop` silences the log again, as test/support/quiet-logs.ts has it.
 */
export function captureLog(level = 'info') {
  const records: Record<string, unknown>[] = [];
  configureLog(level, { write: (line: string) => void records.push(JSON.parse(line)) });
  return { records, stop: () => configureLog('silent') };
}
