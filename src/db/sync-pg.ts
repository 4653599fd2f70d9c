import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { ClientConfig } from 'pg';
import { clientConfig, sessionName } from './pg.js';

type Statement = { sql: string; params?: readonly unknown[]; end?: undefined } | { end: true };
/** A statement (or the end of the session), numbered: the worker stores the number of each one it answers. */
export type Request = Statement & { seq: number };
export type Answer =
  | { rows: Record<string, unknown>[]; rowCount: number; error?: undefined }
  | { error: { message: string; code: string | undefined } };

export interface Result<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

/** A failed statement, with PostgreSQL's SQLSTATE (23505: unique violation, 55P03: lock not available …). */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'PgError';
  }
}

/**
 * One PostgreSQL session used synchronously. The ledger, reading list and store interfaces are synchronous (they
 * were written for SQLite, and a daily claim chooses its paper inside its transaction), so their PostgreSQL
 * versions keep them so: a worker thread runs each statement on its connection while this thread waits for the
 * answer (Atomics.wait). A round trip on a nearby server is a fraction of a millisecond.
 */
export interface SyncPg {
  /** The session's application_name: the owner of this instance's claims. */
  readonly session: string;
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Result<R>;
  /** Runs `work` in a transaction (BEGIN … COMMIT, ROLLBACK if it throws); nested calls join the outer one. */
  transaction<T>(work: () => T): T;
  close(): Promise<void>;
}

const pgPath = createRequire(import.meta.url).resolve('pg');

// Longer than any statement may take (statement_timeout), so a timeout here means the worker itself is gone.
const ANSWER_TIMEOUT_MS = 60_000;

interface WorkerData {
  /** Where `pg` is, resolved here: the worker runs from source text and has no module path of its own. */
  readonly pg: string;
  readonly config: ClientConfig;
  readonly port: MessagePort;
  readonly signal: Int32Array;
}

/**
 * The worker's whole program. It runs from its source text (an eval worker), so that it needs no TypeScript
 * loader when paperbot runs from its sources; hence `require` and `data` come in as arguments.
 */
function workerMain(require: NodeJS.Require, data: WorkerData): void {
  const pg = require(data.pg) as typeof import('pg');
  const { port, signal } = data;
  // Milliseconds since the epoch and sequence numbers are bigint columns: well within a double, so numbers.
  pg.types.setTypeParser(pg.types.builtins.INT8, Number);
  // A connection the server ends (a restart, pg_terminate_backend) fails the statement in flight; it must not end
  // the worker, and the next statement goes over a new connection under the same session name.
  const connection = () => {
    const fresh = new pg.Client(data.config);
    fresh.on('error', () => undefined);
    return fresh;
  };
  let client = connection();
  const lost = (error: unknown) =>
    ['57P01', '57P02', '57P03', '08000', '08003', '08006'].includes((error as { code?: string }).code ?? '') ||
    /Connection terminated|not queryable|ECONNRESET|ECONNREFUSED/.test((error as Error).message);
  const answer = (seq: number, message: Answer) => {
    port.postMessage(message);
    Atomics.store(signal, 0, seq);
    Atomics.notify(signal, 0);
  };
  const failure = (error: unknown): Answer => ({
    error: { message: (error as Error).message, code: (error as { code?: string }).code },
  });
  const serve = () =>
    port.on('message', async (request: Request) => {
      if (request.end) {
        await client.end().catch(() => undefined);
        answer(request.seq, { rows: [], rowCount: 0 });
        port.close();
        return;
      }
      try {
        const result = await client.query(request.sql, request.params as unknown[]);
        answer(request.seq, { rows: result.rows, rowCount: result.rowCount ?? 0 });
      } catch (error) {
        answer(request.seq, failure(error));
        if (lost(error)) {
          client = connection();
          client.connect().catch(() => undefined);
        }
      }
    });
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  client.connect().then(
    () => {
      serve();
      parentPort?.postMessage({ ready: true });
    },
    (error: unknown) => parentPort?.postMessage(failure(error)),
  );
}

// Transpilers that keep function names (tsx) call a `__name` helper inside the function: the worker defines it.
const workerSource = `var __name = (fn) => fn;
(${workerMain.toString()})(require, require('node:worker_threads').workerData);`;

/**
 * Waits until the worker has answered statement `seq` (it stores the number it answers, then wakes this thread).
 * A wake-up alone proves nothing: the worker can be paused between storing one answer's number and waking us, and
 * wake us only once we wait for the next; taken for that one's answer, it put every later answer one statement off.
 */
export function waitForAnswer(signal: Int32Array, seq: number, timeoutMs: number): boolean {
  const deadline = performance.now() + timeoutMs;
  for (let seen = Atomics.load(signal, 0); seen !== seq; seen = Atomics.load(signal, 0)) {
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(signal, 0, seen, left);
  }
  return true;
}

export async function openSyncPg(url: string, session = sessionName()): Promise<SyncPg> {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const data: WorkerData = { pg: pgPath, config: clientConfig(url, session), port: port2, signal };
  const worker = new Worker(workerSource, { eval: true, workerData: data, transferList: [port2] });
  const ready = await new Promise<Answer | { ready: true }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if ('error' in ready && ready.error) {
    await worker.terminate();
    throw new PgError(`PostgreSQL: ${ready.error.message}`, ready.error.code);
  }
  // The thread is kept only for statements in flight; an idle bridge does not hold the process open.
  worker.unref();
  let closed = false;
  let depth = 0;
  let asked = 0;

  function ask(request: Statement): Answer {
    if (closed) throw new PgError('PostgreSQL: the connection is closed', undefined);
    // Numbered within an Int32 (the signal's size), never 0 (the signal before the first answer).
    asked = (asked % 2_000_000_000) + 1;
    port1.postMessage({ ...request, seq: asked });
    if (!waitForAnswer(signal, asked, ANSWER_TIMEOUT_MS)) {
      closed = true;
      throw new PgError('PostgreSQL: no answer from the connection', undefined);
    }
    return receiveMessageOnPort(port1)?.message as Answer;
  }

  function query<R>(sql: string, params: readonly unknown[] = []): Result<R> {
    const answer = ask({ sql, params });
    if (answer.error) throw new PgError(answer.error.message, answer.error.code);
    return answer as unknown as Result<R>;
  }

  return {
    session,
    query,
    transaction<T>(work: () => T): T {
      if (depth > 0) return work();
      query('BEGIN');
      depth++;
      try {
        const result = work();
        query('COMMIT');
        return result;
      } catch (error) {
        try {
          query('ROLLBACK');
        } catch {
          // The connection is gone: the server has rolled the transaction back itself.
        }
        throw error;
      } finally {
        depth--;
      }
    },
    async close() {
      if (closed) return;
      ask({ end: true });
      closed = true;
      await worker.terminate();
    },
  };
}
