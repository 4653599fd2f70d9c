import type { SyncPg } from '../db/sync-pg.js';
import { type ReadingList, type SavedRow, toSaved } from './reading-list.js';

/** The channels' reading lists in PostgreSQL, shared by every instance: see reading-list.ts. */
export function openPgReadingList(db: SyncPg): ReadingList {
  const COLUMNS = 'channel, paper_id, saved_by, saved_at, note, read_at, zotero_key';
  const get = (channel: string, paperId: string) =>
    db.query<SavedRow>(`SELECT ${COLUMNS} FROM saved_papers WHERE channel = $1 AND paper_id = $2`, [channel, paperId])
      .rows[0];
  const changed = (sql: string, params: readonly unknown[]) => db.query(sql, params).rowCount === 1;

  return {
    save: ({ channel, paperId, savedBy, note, now }) =>
      db.transaction(() => {
        const added = changed(
          `INSERT INTO saved_papers (channel, paper_id, saved_by, saved_at, note) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING`,
          [channel, paperId, savedBy, now, note ?? null],
        );
        // Saving again keeps the first saver and time; a new note replaces the old one.
        if (!added && note)
          db.query('UPDATE saved_papers SET note = $1 WHERE channel = $2 AND paper_id = $3', [note, channel, paperId]);
        return { added, entry: toSaved(get(channel, paperId)!) };
      }),
    remove: (channel, paperId) =>
      changed('DELETE FROM saved_papers WHERE channel = $1 AND paper_id = $2', [channel, paperId]),
    markRead: (channel, paperId, now) =>
      changed('UPDATE saved_papers SET read_at = $1 WHERE channel = $2 AND paper_id = $3', [now, channel, paperId]),
    list: (channel) =>
      db
        .query<SavedRow>(`SELECT ${COLUMNS} FROM saved_papers WHERE channel = $1 ORDER BY saved_at DESC, id DESC`, [
          channel,
        ])
        .rows.map(toSaved),
    get(channel, paperId) {
      const row = get(channel, paperId);
      return row ? toSaved(row) : undefined;
    },
    setZoteroKey(channel, paperId, key) {
      db.query('UPDATE saved_papers SET zotero_key = $1 WHERE channel = $2 AND paper_id = $3', [key, channel, paperId]);
    },
    // The connection is shared with the ledger and store; whoever opened it closes it.
    close: () => undefined,
  };
}
