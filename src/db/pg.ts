import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ClientConfig } from 'pg';

/** Advisory lock keys (per database): one migrating instance at a time, one leader, one appender of papers. */
export const LOCKS = { migrations: 727_001, leader: 727_002, papers: 727_003 } as const;

/**
 * A name for this instance's connections, shown as their application_name: a claim's owner is the session that
 * made it, so another instance can tell from pg_stat_activity that its holder is gone. Random first: the name is
 * cut at 63 characters.
 */
export const sessionName = (): string =>
  `paperbot ${randomBytes(6).toString('hex')} ${hostname()}:${process.pid}`.slice(0, 63);

/**
 * How paperbot connects: a lock another session holds too long fails the statement (as SQLite's busy timeout
 * does) instead of hanging the bot, and a session that stalls inside a transaction is ended by the server, so
 * its row locks cannot outlive it.
 */
export const clientConfig = (url: string, applicationName: string): ClientConfig => ({
  connectionString: url,
  application_name: applicationName,
  lock_timeout: 10_000,
  statement_timeout: 30_000,
  idle_in_transaction_session_timeout: 60_000,
  connectionTimeoutMillis: 10_000,
  // A connection that died without a word (a half-open TCP link) is found out here rather than waited on forever:
  // the leader would otherwise never learn it lost its lock. Longer than statement_timeout, which fires first.
  query_timeout: 40_000,
  keepAlive: true,
});

/** The URL without its password, for logs and `store.file`. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}
