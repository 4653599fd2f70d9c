import { configureLog } from '../../src/core/log.js';

// Tests assert on replies, not on log lines; keep the run's output readable.
configureLog('silent');
