import type Database from 'better-sqlite3';

/**
 * When a stored snapshot (the vocabulary, the papers' layout) is written again: what a start reads is the
 * snapshot plus what changed since, so the changes are kept few. After each batch, once they are a quarter of
 * everything (a bulk ingest rewrites it a few times, not per batch); at the end of a bulk ingest, once they
 * are more than a hundredth.
 */
export function snapshotDue(changes: number, total: number, final: boolean): boolean {
  return final ? changes > 0 && changes >= 0.01 * total : changes >= 20_000 && changes >= 0.25 * total;
}

export const readSnapshot = (db: Database.Database, name: string) =>
  db.prepare('SELECT data FROM snapshots WHERE name = ?').pluck().get(name) as Buffer | undefined;

/**
 * Forgets a snapshot: a bulk ingest changes most of what it holds, so rather than noting every change it
 * drops it (a start then reads every row) and its settle writes it anew.
 */
export function dropSnapshot(db: Database.Database, name: string): void {
  db.prepare('DELETE FROM snapshots WHERE name = ?').run(name);
}

export function writeSnapshot(db: Database.Database, name: string, data: Buffer): void {
  db.prepare('INSERT OR REPLACE INTO snapshots (name, data) VALUES (?, ?)').run(name, data);
}

/** Whether a library file has the snapshot tables (one written by an older paperbot may not, until upgraded). */
export const hasSnapshots = (db: Database.Database) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'paper_changes'").get() !== undefined;
