import type { ChannelKey } from '../core/channel.js';
import type { SyncPg } from '../db/sync-pg.js';
import {
  type ClaimOutcome,
  type Claims,
  claimFor,
  type DigestSetting,
  LEASE_MS,
  type Ledger,
  MAX_ATTEMPTS,
  type PostRow,
  type PostStatus,
  toRecord,
  type Vote,
} from './ledger.js';

/**
 * Whether a claim's holder is gone: its session has ended (the instance died, or its connection did: the server
 * knows at once), or it has left the claim unrenewed for a lease (alive but stuck).
 */
function holderIsGone(db: SyncPg, holder: string, claimedAt: number, now: number): boolean {
  if (holder === db.session) return false;
  if (now - claimedAt > LEASE_MS) return true;
  return db.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [holder]).rowCount === 0;
}

/**
 * Makes the statement's commit not wait for the disk (synchronous_commit off for its own transaction only). For
 * renewals and outcomes only, never for a claim: if the server crashes before writing them, the claim is still
 * there, is taken over as its holder's session is gone, and the resend first looks for the post in the channel.
 */
const QUICK_COMMIT = "SELECT set_config('synchronous_commit', 'off', true)";

/** The claims in one table: the daily posts, or the same columns for the weekly digests. */
function claimsIn(db: SyncPg, table: 'posts' | 'digests'): Claims {
  const owner = db.session;
  const select = (channel: string, localDate: string, lock = '') =>
    db.query<PostRow>(`SELECT * FROM ${table} WHERE channel = $1 AND local_date = $2 ${lock}`, [channel, localDate])
      .rows[0];
  const finish = (
    channel: string,
    localDate: string,
    status: PostStatus,
    messageId: string | null,
    error: string | null,
    now: number,
  ) =>
    db.query(
      `WITH quick AS (${QUICK_COMMIT})
       UPDATE ${table} SET status = $1, message_id = $2, error = $3, finished_at = $4 FROM quick
       WHERE channel = $5 AND local_date = $6 AND owner = $7`,
      [status, messageId, error, now, channel, localDate, owner],
    );

  return {
    // No explicit transaction: the primary key makes the insert the claim (of two at once, one inserts), and a
    // takeover changes the row only as it was read. Fewer round trips and commits than locking the row first.
    claim(channel, localDate, choose, now): ClaimOutcome {
      const existing = select(channel, localDate);
      if (!existing) {
        const chosen = choose();
        const inserted = db.query<PostRow>(
          `INSERT INTO ${table} (channel, local_date, paper_id, topic, archive, status, claim, owner, claimed_at, error)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING *`,
          [
            channel,
            localDate,
            chosen.paperId,
            chosen.topic,
            chosen.archive,
            chosen.skipped ? 'skipped' : 'claimed',
            claimFor(channel, localDate),
            owner,
            now,
            chosen.skipped ?? null,
          ],
        ).rows[0];
        // Another instance claimed it between our look and our insert: the primary key let one of us have it.
        if (!inserted) return { kind: 'taken', record: toRecord(select(channel, localDate)!) };
        const record = toRecord(inserted);
        return chosen.skipped ? { kind: 'taken', record } : { kind: 'claimed', record, resume: false };
      }
      const retryable = existing.status === 'failed' && existing.attempts < MAX_ATTEMPTS;
      const abandoned = existing.status === 'claimed' && holderIsGone(db, existing.owner, existing.claimed_at, now);
      if (!retryable && !abandoned) return { kind: 'taken', record: toRecord(existing) };
      const taken = db.query<PostRow>(
        `UPDATE ${table} SET owner = $1, claimed_at = $2, attempts = attempts + 1, status = 'claimed'
           WHERE channel = $3 AND local_date = $4 AND owner = $5 AND status = $6 AND attempts = $7 RETURNING *`,
        [owner, now, channel, localDate, existing.owner, existing.status, existing.attempts],
      ).rows[0];
      // Another instance took it over first.
      if (!taken) return { kind: 'taken', record: toRecord(select(channel, localDate)!) };
      return { kind: 'claimed', record: toRecord(taken), resume: true };
    },
    renew: (channel, localDate, now) =>
      db.query(
        `WITH quick AS (${QUICK_COMMIT})
         UPDATE ${table} SET claimed_at = $1 FROM quick
         WHERE channel = $2 AND local_date = $3 AND owner = $4 AND status = 'claimed'`,
        [now, channel, localDate, owner],
      ).rowCount === 1,
    markSent(channel, localDate, messageId, now) {
      finish(channel, localDate, 'sent', messageId, null, now);
    },
    markFailed(channel, localDate, error, now) {
      finish(channel, localDate, 'failed', null, error, now);
    },
    post(channel, localDate) {
      const row = select(channel, localDate);
      return row ? toRecord(row) : undefined;
    },
  };
}

/** Rows of `channel, paper_id` as each channel's set of papers. */
function byChannel(rows: readonly { channel: string; paper_id: string }[]): Map<ChannelKey, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const row of rows) {
    let set = map.get(row.channel);
    if (!set) map.set(row.channel, (set = new Set()));
    set.add(row.paper_id);
  }
  return map;
}

/** The daily ledger in PostgreSQL (migrations/postgres), shared by every instance on the database: see ledger.ts. */
export function openPgLedger(db: SyncPg): Ledger {
  const posts = claimsIn(db, 'posts');
  const rows = <R>(sql: string, params: readonly unknown[] = []) => db.query<R>(sql, params).rows;

  return {
    ...posts,
    digests: claimsIn(db, 'digests'),
    // A post clears the dry notice, so the channel is told again if it runs dry again: one statement, one commit.
    markSent(channel, localDate, messageId, now) {
      db.query(
        `WITH quick AS (${QUICK_COMMIT}), sent AS (
           UPDATE posts SET status = 'sent', message_id = $1, error = NULL, finished_at = $2
           FROM quick WHERE channel = $3 AND local_date = $4 AND owner = $5 RETURNING channel)
         DELETE FROM dry_notices WHERE channel IN (SELECT channel FROM sent)`,
        [messageId, now, channel, localDate, db.session],
      );
    },
    postedPapers: (channel) =>
      new Set(
        rows<{ paper_id: string }>(
          'SELECT paper_id FROM posts WHERE channel = $1 AND paper_id IS NOT NULL UNION SELECT paper_id FROM shown WHERE channel = $1',
          [channel],
        ).map((r) => r.paper_id),
      ),
    allPostedPapers: () =>
      byChannel(
        rows(
          'SELECT channel, paper_id FROM posts WHERE paper_id IS NOT NULL UNION SELECT channel, paper_id FROM shown',
        ),
      ),
    recordShown(channel, paperId, url, now) {
      db.query(
        `INSERT INTO shown (channel, paper_id, url, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (channel, paper_id) DO UPDATE SET url = excluded.url, at = excluded.at`,
        [channel, paperId, url, now],
      );
    },
    shown: (channel) =>
      rows<{ paper_id: string; url: string; at: number }>(
        'SELECT paper_id, url, at FROM shown WHERE channel = $1 ORDER BY at DESC',
        [channel],
      ).map((r) => ({ paperId: r.paper_id, url: r.url, at: r.at })),
    votesSince: (channel, since) =>
      rows<{ paper_id: string; vote: Vote; at: number }>(
        'SELECT paper_id, vote, at FROM votes WHERE channel = $1 AND at >= $2 ORDER BY at',
        [channel, since],
      ).map((r) => ({ paperId: r.paper_id, vote: r.vote, at: r.at })),
    sentPosts: (channel) =>
      rows<PostRow>(
        "SELECT * FROM posts WHERE channel = $1 AND status = 'sent' AND paper_id IS NOT NULL ORDER BY local_date DESC",
        [channel],
      ).map(toRecord),
    setDigest(channel, setting) {
      if (!setting) db.query('DELETE FROM digest_settings WHERE channel = $1', [channel]);
      else
        db.query(
          `INSERT INTO digest_settings (channel, day, time, timezone) VALUES ($1, $2, $3, $4)
           ON CONFLICT (channel) DO UPDATE SET day = excluded.day, time = excluded.time, timezone = excluded.timezone`,
          [channel, setting.day, setting.time, setting.timezone],
        );
    },
    digestSettings: () =>
      new Map(
        rows<DigestSetting & { channel: string }>('SELECT channel, day, time, timezone FROM digest_settings').map(
          ({ channel, ...setting }) => [channel, setting],
        ),
      ),
    topicHistory: (channel) =>
      rows<{ topic: string }>(
        'SELECT topic FROM posts WHERE channel = $1 AND topic IS NOT NULL ORDER BY local_date DESC',
        [channel],
      ).map((r) => r.topic),
    lastPost(channel) {
      const row = rows<PostRow>('SELECT * FROM posts WHERE channel = $1 ORDER BY local_date DESC LIMIT 1', [
        channel,
      ])[0];
      return row ? toRecord(row) : undefined;
    },
    lastSentDate: (channel) =>
      rows<{ local_date: string }>(
        "SELECT local_date FROM posts WHERE channel = $1 AND status = 'sent' ORDER BY local_date DESC LIMIT 1",
        [channel],
      )[0]?.local_date,
    pause(channel, reason, now) {
      db.query(
        `INSERT INTO pauses (channel, reason, at) VALUES ($1, $2, $3)
         ON CONFLICT (channel) DO UPDATE SET reason = excluded.reason, at = excluded.at`,
        [channel, reason, now],
      );
    },
    unpause(channel) {
      db.query('DELETE FROM pauses WHERE channel = $1', [channel]);
    },
    pauses: () =>
      new Map(
        rows<{ channel: string; reason: string; at: number }>('SELECT channel, reason, at FROM pauses').map((row) => [
          row.channel,
          row,
        ]),
      ),
    recordVote(channel, paperId, user, vote, now) {
      db.query(
        `INSERT INTO votes (channel, paper_id, voter, vote, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (channel, paper_id, voter) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
        [channel, paperId, user, vote, now],
      );
    },
    votes: (channel) =>
      rows<{ paper_id: string; voter: string; vote: Vote }>(
        'SELECT paper_id, voter, vote FROM votes WHERE channel = $1 ORDER BY at',
        [channel],
      ).map((r) => ({ paperId: r.paper_id, user: r.voter, vote: r.vote })),
    claimDryNotice: (channel, localDate, reason, now) =>
      db.query(
        'INSERT INTO dry_notices (channel, local_date, reason, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [channel, localDate, reason, now],
      ).rowCount === 1,
    dropDryNotice(channel, localDate) {
      db.query('DELETE FROM dry_notices WHERE channel = $1 AND local_date = $2', [channel, localDate]);
    },
    dryNotice(channel) {
      const row = rows<{ channel: string; local_date: string; reason: string; at: number }>(
        'SELECT * FROM dry_notices WHERE channel = $1',
        [channel],
      )[0];
      return row ? { channel: row.channel, localDate: row.local_date, reason: row.reason, at: row.at } : undefined;
    },
    // The connection is shared with the store and reading list; whoever opened it closes it.
    close: () => undefined,
  };
}
