import pg from 'pg';
import { clientConfig, LOCKS } from '../db/pg.js';
import { log } from './log.js';

export interface LeaderOptions {
  readonly url: string;
  /** The session's application_name (an instance's connections share one, so it can be told apart). */
  readonly session: string;
  /** How often a follower tries for the lock, and a leader checks that its session is still there. */
  readonly retryMs: number;
  /** Becomes the leader: start the scheduled work (the daily run, the feeds' refresh). */
  readonly lead: () => void;
  /** No longer the leader (its session was lost, or it is stopping): stop that work. */
  readonly follow: () => Promise<void> | void;
}

export interface Leadership {
  isLeader(): boolean;
  /** Stops trying; a leader stops its work and ends its session, which frees the lock for the next at once. */
  stop(): Promise<void>;
}

/**
 * One leader at a time among the instances on a database: the one whose session holds a PostgreSQL advisory lock
 * (pg_try_advisory_lock, on a connection of its own). The others try again every `retryMs`. The server frees the
 * lock when the leader's session ends, by a clean stop or a crash (its connection closes), so a follower takes
 * over within one retry. A leader that loses its connection stops leading before it tries again.
 */
export function electLeader(options: LeaderOptions): Leadership {
  let client: pg.Client | undefined;
  let leader = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function demote(reason: string): Promise<void> {
    if (!leader) return;
    leader = false;
    log.warn({ reason }, 'no longer the leader');
    await options.follow();
  }

  async function attempt(): Promise<void> {
    if (!client) {
      const next = new pg.Client(clientConfig(options.url, options.session));
      // A lost connection is seen by the next attempt's query; the event itself must not end the process.
      next.on('error', () => undefined);
      await next.connect();
      client = next;
    }
    if (leader) {
      await client.query('SELECT 1');
      return;
    }
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      LOCKS.leader,
    ]);
    if (rows[0]?.locked && !stopped) {
      leader = true;
      log.info('leading: the daily run and the feeds are this instance’s');
      options.lead();
    }
  }

  async function tick(): Promise<void> {
    try {
      await attempt();
    } catch (error) {
      const lost = client;
      client = undefined;
      await lost?.end().catch(() => undefined);
      await demote((error as Error).message);
    }
    if (stopped) await client?.end().catch(() => undefined);
    else timer = setTimeout(() => void tick(), options.retryMs);
  }

  void tick();
  return {
    isLeader: () => leader,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await demote('stopping');
      await client?.end().catch(() => undefined);
    },
  };
}
