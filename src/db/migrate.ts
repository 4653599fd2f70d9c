import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { packageRoot } from '../core/config.js';
import { clientConfig, LOCKS } from './pg.js';

export const migrationsDir = () => join(packageRoot(), 'migrations', 'postgres');

/**
 * Applies the migrations not yet applied (`migrations/postgres/NNN_name.sql`, in name order) in one transaction,
 * recording each in `schema_migrations`. Instances starting together wait on an advisory lock, so each file runs
 * once; a failing file rolls all of this start's back. Answers the files applied now.
 */
export async function migrate(url: string, dir = migrationsDir()): Promise<string[]> {
  const client = new pg.Client(clientConfig(url, 'paperbot migrations'));
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.migrations]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
    );
    const pending = readdirSync(dir)
      .filter((file) => file.endsWith('.sql') && !done.has(file))
      .sort();
    for (const file of pending) {
      await client.query(readFileSync(join(dir, file), 'utf8'));
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
    }
    await client.query('COMMIT');
    return pending;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
