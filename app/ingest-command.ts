import { loadConfig } from '../src/core/config.js';
import { HttpError } from '../src/ingest/http.js';
import { FeedError } from '../src/ingest/sources/read-result.js';
import { type IngestArgs, IngestUsageError, ingestCommand } from './ingest.js';
import { setUpLogging } from './logging.js';
import { UsageError } from './usage-error.js';

/** `paperbot ingest …`; a bad argument, an unreachable source or an unreadable feed is told in one line. */
export async function ingest(args: IngestArgs): Promise<void> {
  const config = loadConfig();
  setUpLogging(config, 'warn');
  try {
    await ingestCommand(config, args, (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    const told = error instanceof IngestUsageError || error instanceof HttpError || error instanceof FeedError;
    throw told ? new UsageError(error.message) : error;
  }
}
