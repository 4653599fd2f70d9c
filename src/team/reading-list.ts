import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ChannelKey } from '../core/channel.js';
import type { PaperId } from '../core/paper.js';

/** A paper on a channel's reading list: who saved it, when, why, and whether it has been read. */
export interface SavedPaper {
  readonly channel: ChannelKey;
  readonly paperId: PaperId;
  readonly savedBy: string;
  readonly savedAt: number;
  readonly note: string | null;
  readonly readAt: number | null;
  /** The Zotero item made from it, once synced. */
  readonly zoteroKey: string | null;
}

/**
 * Each channel's reading list, in SQLite: a list grows without bound and several processes (the bot, a
 * `paperbot save` at a shell) write to it, which SQLite's transactions handle and one lowdb JSON file would not.
 */
export interface ReadingList {
  /** Adds the paper, or updates its note if it is already on the list; `added` tells which. */
  save(entry: { channel: ChannelKey; paperId: PaperId; savedBy: string; note?: string; now: number }): {
    added: boolean;
    entry: SavedPaper;
  };
  /** False when the paper was not on the list. */
  remove(channel: ChannelKey, paperId: PaperId): boolean;
  /** False when the paper was not on the list. */
  markRead(channel: ChannelKey, paperId: PaperId, now: number): boolean;
  /** The channel's list, newest saved first. */
  list(channel: ChannelKey): SavedPaper[];
  get(channel: ChannelKey, paperId: PaperId): SavedPaper | undefined;
  setZoteroKey(channel: ChannelKey, paperId: PaperId, key: string): void;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS saved_papers (
  channel TEXT NOT NULL,
  paper_id TEXT NOT NULL,
  saved_by TEXT NOT NULL,
  saved_at INTEGER NOT NULL,
  note TEXT,
  read_at INTEGER,
  zotero_key TEXT,
  PRIMARY KEY (channel, paper_id)
);
CREATE INDEX IF NOT EXISTS saved_papers_by_time ON saved_papers (channel, saved_at DESC);`;

/** A saved_papers row, the same in SQLite and PostgreSQL. */
export interface SavedRow {
  channel: string;
  paper_id: string;
  saved_by: string;
  saved_at: number;
  note: string | null;
  read_at: number | null;
  zotero_key: string | null;
}

export const toSaved = (row: SavedRow): SavedPaper => ({
  channel: row.channel,
  paperId: row.paper_id,
  savedBy: row.saved_by,
  savedAt: row.saved_at,
  note: row.note,
  readAt: row.read_at,
  zoteroKey: row.zotero_key,
});

/** Opens the reading lists in a SQLite file (the channel records' `daily.db`), or `:memory:`. */
export function openReadingList(file: string): ReadingList {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.exec(SCHEMA);

  const select = db.prepare<[string, string], SavedRow>(
    'SELECT * FROM saved_papers WHERE channel = ? AND paper_id = ?',
  );
  const insert = db.prepare(
    'INSERT INTO saved_papers (channel, paper_id, saved_by, saved_at, note) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  // Saving again keeps the first saver and time; a new note replaces the old one.
  const renote = db.prepare('UPDATE saved_papers SET note = ? WHERE channel = ? AND paper_id = ?');
  const remove = db.prepare('DELETE FROM saved_papers WHERE channel = ? AND paper_id = ?');
  const read = db.prepare('UPDATE saved_papers SET read_at = ? WHERE channel = ? AND paper_id = ?');
  const all = db.prepare<[string], SavedRow>(
    'SELECT * FROM saved_papers WHERE channel = ? ORDER BY saved_at DESC, rowid DESC',
  );
  const zotero = db.prepare('UPDATE saved_papers SET zotero_key = ? WHERE channel = ? AND paper_id = ?');

  const save = db.transaction(({ channel, paperId, savedBy, note, now }: Parameters<ReadingList['save']>[0]) => {
    const added = insert.run(channel, paperId, savedBy, now, note ?? null).changes === 1;
    if (!added && note) renote.run(note, channel, paperId);
    return { added, entry: toSaved(select.get(channel, paperId)!) };
  });

  return {
    save: (entry) => save.immediate(entry),
    remove: (channel, paperId) => remove.run(channel, paperId).changes === 1,
    markRead: (channel, paperId, now) => read.run(now, channel, paperId).changes === 1,
    list: (channel) => all.all(channel).map(toSaved),
    get(channel, paperId) {
      const row = select.get(channel, paperId);
      return row ? toSaved(row) : undefined;
    },
    setZoteroKey(channel, paperId, key) {
      zotero.run(key, channel, paperId);
    },
    close: () => db.close(),
  };
}
