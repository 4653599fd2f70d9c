import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the tests make their databases on (.ci/run starts it); each test file makes and drops its own. */
const ADMIN_URL = process.env.PAPERBOT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly url: string;
  /** Ends every session of one instance at once, as the server sees a crashed process. */
  terminate(session: string): Promise<number>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `paperbot_test_${randomBytes(6).toString('hex')}`;
  await admin(async (client) => {
    await client.query(`CREATE DATABASE ${name}`);
    // A test database need not survive a server crash: commits do not wait for the disk, which on a busy CI
    // machine is most of the time a thousand daily claims take.
    await client.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    terminate: (session) =>
      admin(
        async (client) =>
          (
            await client.query(
              'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
              [name, session],
            )
          ).rowCount ?? 0,
      ),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
