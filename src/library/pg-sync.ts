import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { log } from '../core/log.js';
import { PaperSchema } from '../core/paper.js';
import { LOCKS } from '../db/pg.js';
import type { SyncPg } from '../db/sync-pg.js';
import type { BatchCounts, Library } from './library.js';

const EntrySchema = z.object({ paper: PaperSchema, updateOnly: z.boolean() });
const EntryRowSchema = z.object({ seq: z.number().int(), entry: EntrySchema, at: z.number() });

/** How far this instance's library has pulled, and from which database (a cache of another one starts over). */
const CursorSchema = z.object({ database: z.string(), seq: z.number().int().min(0) });
type Cursor = z.infer<typeof CursorSchema>;

// Rows per pull: a page of papers is parsed and ingested in one local transaction.
const PAGE = 1000;

export interface PaperSync {
  /** The local library, whose ingests also append to the shared table (every instance then pulls them). */
  readonly library: Library;
  /** Ingests what other instances appended since the last pull; answers the counts (nothing changed: all 0). */
  pull(): BatchCounts;
  /** Pulls every `everyMs` and calls `onChange` when papers arrived; answers a function that stops it. */
  every(everyMs: number, onChange: () => void): () => void;
}

function readCursor(file: string, database: string): Cursor {
  if (existsSync(file)) {
    const parsed = CursorSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success && parsed.data.database === database) return parsed.data;
  }
  return { database, seq: 0 };
}

function writeCursor(file: string, cursor: Cursor): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(cursor));
  renameSync(`${file}.tmp`, file);
}

/**
 * The papers shared through PostgreSQL: every ingest, on any instance, is appended to the `papers` table, and each
 * instance's SQLite library (its search index) is a cache of that table, pulled by `seq` (all of it on a first
 * start). Appends take an advisory lock, so sequence numbers become visible in order and a pull never skips a row
 * committed late. Merging a paper again changes nothing, so a row pulled twice is harmless.
 */
export function syncPapers(local: Library, db: SyncPg, cursorFile: string): PaperSync {
  const database = db.query<{ uid: string }>('SELECT uid::text AS uid FROM paperbot_database').rows[0]!.uid;
  let cursor = readCursor(cursorFile, database);

  function pull(): BatchCounts {
    const total: BatchCounts = { added: 0, updated: 0, unchanged: 0 };
    for (;;) {
      const rows = db
        .query('SELECT seq, entry, at FROM papers WHERE seq > $1 ORDER BY seq LIMIT $2', [cursor.seq, PAGE])
        .rows.map((row) => EntryRowSchema.parse(row));
      if (rows.length === 0) return total;
      const counts = local.ingest(
        rows.map((row) => row.entry),
        rows.at(-1)!.at,
      );
      total.added += counts.added;
      total.updated += counts.updated;
      total.unchanged += counts.unchanged;
      cursor = { database, seq: rows.at(-1)!.seq };
      writeCursor(cursorFile, cursor);
    }
  }

  const library: Library = {
    ...local,
    ingest(entries, now) {
      if (entries.length === 0) return local.ingest(entries, now);
      const seqs = db.transaction(() => {
        db.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.papers]);
        return db
          .query<{ seq: number }>(
            'INSERT INTO papers (entry, at) SELECT value, $2 FROM jsonb_array_elements($1::jsonb) RETURNING seq',
            [JSON.stringify(entries), now],
          )
          .rows.map((row) => row.seq);
      });
      const counts = local.ingest(entries, now);
      // Nobody appended between our last pull and this batch: the cursor moves past it, no need to pull it back.
      if (seqs[0] === cursor.seq + 1) {
        cursor = { database, seq: seqs.at(-1)! };
        writeCursor(cursorFile, cursor);
      }
      return counts;
    },
  };

  return {
    library,
    pull,
    every(everyMs, onChange) {
      const timer = setInterval(() => {
        try {
          const counts = pull();
          if (counts.added + counts.updated > 0) {
            log.info(counts, 'papers pulled from the shared database');
            onChange();
          }
        } catch (error) {
          log.warn({ err: error }, 'could not pull papers from the shared database; trying again later');
        }
      }, everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
