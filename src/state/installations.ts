import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ChannelKey } from '../core/channel.js';

/** What installing the Slack app in a workspace left: its bot token, and the platform's whole record of it. */
export interface StoredInstallation {
  /** The workspace's team id, or the organisation's enterprise id for an org-wide install. */
  readonly workspace: string;
  readonly botToken: string;
  /** The installation as the platform SDK gave it (Bolt's Installation), handed back to it unchanged. */
  readonly installation: unknown;
}

/**
 * The Slack workspaces the app is installed in, and which workspace each channel is in, so that a channel's daily post
 * goes out with its own workspace's token. Asynchronous, so that a shared database server can stand behind it.
 */
export interface Installations {
  /** Stores an install, replacing an earlier one of the same workspace (a reinstall brings a new token). */
  save(installation: StoredInstallation): Promise<void>;
  find(workspace: string): Promise<StoredInstallation | undefined>;
  /** Forgets a workspace's installation and its channels; answers the channels it had. */
  remove(workspace: string): Promise<ChannelKey[]>;
  recordChannel(channel: ChannelKey, workspace: string): Promise<void>;
  workspaceOf(channel: ChannelKey): Promise<string | undefined>;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS slack_installations (
  workspace TEXT PRIMARY KEY, bot_token TEXT NOT NULL, installation TEXT NOT NULL, installed_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_channels (channel TEXT PRIMARY KEY, workspace TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS slack_channels_by_workspace ON slack_channels (workspace);`;

/**
 * Installations in SQLite, in the file of the daily ledger (DATA_DIR/daily.db): several processes on one data
 * directory see the same installs. Tokens are stored as Slack gave them; the data directory must stay private.
 */
export function openInstallations(file: string, now: () => number = Date.now): Installations {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.exec(SCHEMA);
  const upsert = db.prepare(
    `INSERT INTO slack_installations (workspace, bot_token, installation, installed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (workspace) DO UPDATE SET bot_token = excluded.bot_token, installation = excluded.installation,
     installed_at = excluded.installed_at`,
  );
  const select = db.prepare<[string], { workspace: string; bot_token: string; installation: string }>(
    'SELECT workspace, bot_token, installation FROM slack_installations WHERE workspace = ?',
  );
  const channels = db.prepare<[string], { channel: string }>('SELECT channel FROM slack_channels WHERE workspace = ?');
  const dropChannels = db.prepare('DELETE FROM slack_channels WHERE workspace = ?');
  const dropInstallation = db.prepare('DELETE FROM slack_installations WHERE workspace = ?');
  const remove = db.transaction((workspace: string) => {
    const had = channels.all(workspace).map((row) => row.channel);
    dropChannels.run(workspace);
    dropInstallation.run(workspace);
    return had;
  });
  // A channel's workspace rarely changes: the write happens only when it does.
  const record = db.prepare(
    `INSERT INTO slack_channels (channel, workspace) VALUES (?, ?)
     ON CONFLICT (channel) DO UPDATE SET workspace = excluded.workspace WHERE workspace != excluded.workspace`,
  );
  const workspaceOf = db.prepare<[string], { workspace: string }>(
    'SELECT workspace FROM slack_channels WHERE channel = ?',
  );

  return {
    async save({ workspace, botToken, installation }) {
      upsert.run(workspace, botToken, JSON.stringify(installation), now());
    },
    async find(workspace) {
      const row = select.get(workspace);
      return row && { workspace, botToken: row.bot_token, installation: JSON.parse(row.installation) };
    },
    remove: async (workspace) => remove.immediate(workspace),
    async recordChannel(channel, workspace) {
      record.run(channel, workspace);
    },
    workspaceOf: async (channel) => workspaceOf.get(channel)?.workspace,
    close: () => db.close(),
  };
}
