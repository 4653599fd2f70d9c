import type { SyncPg } from '../db/sync-pg.js';
import type { Installations } from './installations.js';

/** The Slack installations in PostgreSQL, so that every instance posts with the token a workspace installed. */
export function openPgInstallations(db: SyncPg, now: () => number = Date.now): Installations {
  return {
    async save({ workspace, botToken, installation }) {
      db.query(
        `INSERT INTO slack_installations (workspace, bot_token, installation, installed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (workspace) DO UPDATE SET bot_token = excluded.bot_token, installation = excluded.installation,
         installed_at = excluded.installed_at`,
        [workspace, botToken, JSON.stringify(installation), now()],
      );
    },
    async find(workspace) {
      const row = db.query<{ bot_token: string; installation: unknown }>(
        'SELECT bot_token, installation FROM slack_installations WHERE workspace = $1',
        [workspace],
      ).rows[0];
      return row && { workspace, botToken: row.bot_token, installation: row.installation };
    },
    remove: async (workspace) =>
      db.transaction(() => {
        const had = db
          .query<{ channel: string }>('DELETE FROM slack_channels WHERE workspace = $1 RETURNING channel', [workspace])
          .rows.map((row) => row.channel);
        db.query('DELETE FROM slack_installations WHERE workspace = $1', [workspace]);
        return had;
      }),
    async recordChannel(channel, workspace) {
      // A channel's workspace rarely changes: the write happens only when it does.
      db.query(
        `INSERT INTO slack_channels (channel, workspace) VALUES ($1, $2)
         ON CONFLICT (channel) DO UPDATE SET workspace = excluded.workspace WHERE slack_channels.workspace <> excluded.workspace`,
        [channel, workspace],
      );
    },
    workspaceOf: async (channel) =>
      db.query<{ workspace: string }>('SELECT workspace FROM slack_channels WHERE channel = $1', [channel]).rows[0]
        ?.workspace,
    close: () => undefined,
  };
}
