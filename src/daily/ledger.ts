import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ChannelKey } from '../core/channel.js';
import type { PaperId } from '../core/paper.js';
import type { Weekday } from './clock.js';

/** What happened to a channel's post for one local day. */
export type PostStatus = 'claimed' | 'sent' | 'failed' | 'skipped';

export interface PostRecord {
  readonly channel: ChannelKey;
  readonly localDate: string;
  readonly paperId: PaperId | null;
  readonly topic: string | null;
  readonly archive: boolean;
  readonly status: PostStatus;
  /** Derived from channel and date: the same post always carries the same nonce, whoever sends it. */
  readonly claim: string;
  readonly owner: string;
  readonly attempts: number;
  readonly messageId: string | null;
  readonly error: string | null;
  /** When the claim was made or last renewed by its holder. */
  readonly claimedAt: number;
}

export type Vote = 'up' | 'down';

/** That a channel was told its daily post ran dry: at most one a channel, until it has had a post again. */
export interface DryNotice {
  readonly channel: ChannelKey;
  readonly localDate: string;
  readonly reason: string;
  readonly at: number;
}

export interface Pause {
  readonly channel: ChannelKey;
  readonly reason: string;
  readonly at: number;
}

/** Who is sending: this process, told apart from an earlier one that had the same pid. */
const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

// A claim held by a process on another machine (or one we cannot check) is taken over once it has gone this long
// unrenewed. Its holder renews it while sending (lease.ts), and whoever takes over checks the channel first.
export const LEASE_MS = 60 * 1000;
const STUCK_LEASES = 10;

/** A post's nonce: at most 25 characters (Discord's limit), the same for the same channel and day. */
export const claimFor = (channel: ChannelKey, localDate: string) =>
  createHash('sha256').update(`${channel}|${localDate}`).digest('base64url').slice(0, 22);

/** Whether the process that holds a claim is gone, so the claim can be taken over now. */
function holderIsGone(holder: string, claimedAt: number, now: number): boolean {
  if (holder === owner) return false;
  const [host, pid] = holder.split(':');
  if (host === hostname() && pid) {
    // A live holder renews every quarter lease: one silent for ten leases is hung, or its pid now belongs to
    // another process (after a reboot). Whoever takes over still checks the channel before sending.
    if (now - claimedAt > STUCK_LEASES * LEASE_MS) return true;
    try {
      process.kill(Number(pid), 0);
      return Number(pid) === process.pid; // our pid, but an earlier incarnation: gone
    } catch (error) {
      // ESRCH: no such process. EPERM means it exists (another user's): still holding the claim.
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
  return now - claimedAt > LEASE_MS;
}

export type ClaimOutcome =
  /** This process now owns the day's post; `resume` if an earlier attempt may already have sent it. */
  | { readonly kind: 'claimed'; readonly record: PostRecord; readonly resume: boolean }
  /** The post is done, given up, or in another live process's hands. */
  | { readonly kind: 'taken'; readonly record: PostRecord };

export interface NewClaim {
  readonly paperId: PaperId | null;
  readonly topic: string | null;
  readonly archive: boolean;
  /** Set when nothing could be chosen: the day is recorded as skipped with this reason. */
  readonly skipped?: string;
}

/**
 * Posts that must go out once per channel and period (a daily post's local date, a digest's ISO week): one row
 * per (channel, period), created inside a write transaction, is the claim that makes a post happen once.
 */
export interface Claims {
  /** Claims the period's post for a channel, choosing what to post only if nobody has yet. */
  claim(channel: ChannelKey, localDate: string, choose: () => NewClaim, now: number): ClaimOutcome;
  /** Keeps this process's claim from lapsing while it sends; false if the claim is no longer ours to send. */
  renew(channel: ChannelKey, localDate: string, now: number): boolean;
  markSent(channel: ChannelKey, localDate: string, messageId: string | null, now: number): void;
  markFailed(channel: ChannelKey, localDate: string, error: string, now: number): void;
  post(channel: ChannelKey, localDate: string): PostRecord | undefined;
}

/** When a channel's weekly digest goes out: a weekday and wall-clock time in its zone. */
export interface DigestSetting {
  readonly day: Weekday;
  readonly time: string;
  readonly timezone: string;
}

/** A paper shown in a channel other than by its daily post: a link unfolded there. */
export interface Shown {
  readonly paperId: PaperId;
  readonly url: string;
  readonly at: number;
}

/**
 * The daily-post ledger, in SQLite so that several processes sharing a data directory agree: its own claims are
 * the daily posts; `digests` holds the weekly digests' claims (a digest's paperId is its papers' ids, space-separated).
 */
export interface Ledger extends Claims {
  readonly digests: Claims;
  /** Papers already posted (or being posted) in a channel, or shown there through a link. */
  postedPapers(channel: ChannelKey): Set<PaperId>;
  /** Every channel's posted (or shown) papers at once, for choosing for many channels in one pass. */
  allPostedPapers(): Map<ChannelKey, Set<PaperId>>;
  /** Records a paper unfolded from a link in a channel, so it is never its daily paper and its history finds it. */
  recordShown(channel: ChannelKey, paperId: PaperId, url: string, now: number): void;
  /** The papers shown in a channel through links, newest first. */
  shown(channel: ChannelKey): Shown[];
  /** The channel's votes cast since `since` (ms), for its top papers of a week or month. */
  votesSince(channel: ChannelKey, since: number): { paperId: PaperId; vote: Vote; at: number }[];
  /** The channel's sent daily posts, newest first. */
  sentPosts(channel: ChannelKey): PostRecord[];
  /** Sets (or, undefined, turns off) the channel's weekly digest; kept here, beside the digests' claims. */
  setDigest(channel: ChannelKey, setting: DigestSetting | undefined): void;
  /** Every channel with a weekly digest. */
  digestSettings(): Map<ChannelKey, DigestSetting>;
  /** The topic of each channel's latest post, for rotating fairly. */
  topicHistory(channel: ChannelKey): string[];
  lastPost(channel: ChannelKey): PostRecord | undefined;
  /** The local date of the channel's last sent post, for preferring papers published since. */
  lastSentDate(channel: ChannelKey): string | undefined;
  pause(channel: ChannelKey, reason: string, now: number): void;
  unpause(channel: ChannelKey): void;
  pauses(): Map<ChannelKey, Pause>;
  recordVote(channel: ChannelKey, paperId: PaperId, user: string, vote: Vote, now: number): void;
  votes(channel: ChannelKey): { paperId: PaperId; user: string; vote: Vote }[];
  /** Records that the channel is being told it ran dry; false if it was already told since its last post. */
  claimDryNotice(channel: ChannelKey, localDate: string, reason: string, now: number): boolean;
  /** Forgets a notice that could not be sent, so a later day tries again. */
  dropDryNotice(channel: ChannelKey, localDate: string): void;
  /** The notice the channel got since its last post, if any. */
  dryNotice(channel: ChannelKey): DryNotice | undefined;
  close(): void;
}

/** A table of claims: the daily posts, and the same columns for the weekly digests. */
const claimTable = (name: string) => `
CREATE TABLE IF NOT EXISTS ${name} (
  channel TEXT NOT NULL,
  local_date TEXT NOT NULL,
  paper_id TEXT,
  topic TEXT,
  archive INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'skipped')),
  claim TEXT NOT NULL,
  owner TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 1,
  message_id TEXT,
  error TEXT,
  claimed_at INTEGER NOT NULL,
  finished_at INTEGER,
  PRIMARY KEY (channel, local_date)
);`;

const SCHEMA = `${claimTable('posts')}${claimTable('digests')}
CREATE TABLE IF NOT EXISTS digest_settings (
  channel TEXT PRIMARY KEY, day TEXT NOT NULL, time TEXT NOT NULL, timezone TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS shown (
  channel TEXT NOT NULL, paper_id TEXT NOT NULL, url TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (channel, paper_id)
);
CREATE TABLE IF NOT EXISTS pauses (channel TEXT PRIMARY KEY, reason TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS votes (
  channel TEXT NOT NULL, paper_id TEXT NOT NULL, user TEXT NOT NULL, vote TEXT NOT NULL CHECK (vote IN ('up', 'down')), at INTEGER NOT NULL,
  PRIMARY KEY (channel, paper_id, user)
);
CREATE TABLE IF NOT EXISTS dry_notices (
  channel TEXT PRIMARY KEY, local_date TEXT NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL
);`;

/** A posts or digests row, in SQLite (archive 0/1) or PostgreSQL (archive a boolean). */
export interface PostRow {
  channel: string;
  local_date: string;
  paper_id: string | null;
  topic: string | null;
  archive: number | boolean;
  status: PostStatus;
  claim: string;
  owner: string;
  attempts: number;
  message_id: string | null;
  error: string | null;
  claimed_at: number;
}

export const toRecord = (row: PostRow): PostRecord => ({
  channel: row.channel,
  localDate: row.local_date,
  paperId: row.paper_id,
  topic: row.topic,
  archive: row.archive === 1 || row.archive === true,
  status: row.status,
  claim: row.claim,
  owner: row.owner,
  attempts: row.attempts,
  messageId: row.message_id,
  error: row.error,
  claimedAt: row.claimed_at,
});

// After this many failed attempts in one day a post is given up until tomorrow.
export const MAX_ATTEMPTS = 5;

/** The claims kept in one table of the ledger's database. */
function claimsIn(db: Database.Database, table: 'posts' | 'digests'): Claims {
  const select = db.prepare<[string, string], PostRow>(`SELECT * FROM ${table} WHERE channel = ? AND local_date = ?`);
  const insert =
    db.prepare(`INSERT INTO ${table} (channel, local_date, paper_id, topic, archive, status, claim, owner, claimed_at, error)
    VALUES (@channel, @localDate, @paperId, @topic, @archive, @status, @claim, @owner, @now, @error)`);
  const takeOver = db.prepare(
    `UPDATE ${table} SET owner = ?, claimed_at = ?, attempts = attempts + 1, status = 'claimed' WHERE channel = ? AND local_date = ?`,
  );

  const claim = db.transaction(
    (channel: string, localDate: string, choose: () => NewClaim, now: number): ClaimOutcome => {
      const existing = select.get(channel, localDate);
      if (!existing) {
        const chosen = choose();
        insert.run({
          channel,
          localDate,
          paperId: chosen.paperId,
          topic: chosen.topic,
          archive: chosen.archive ? 1 : 0,
          status: chosen.skipped ? 'skipped' : 'claimed',
          claim: claimFor(channel, localDate),
          owner,
          now,
          error: chosen.skipped ?? null,
        });
        const record = toRecord(select.get(channel, localDate)!);
        return chosen.skipped ? { kind: 'taken', record } : { kind: 'claimed', record, resume: false };
      }
      const retryable = existing.status === 'failed' && existing.attempts < MAX_ATTEMPTS;
      const abandoned = existing.status === 'claimed' && holderIsGone(existing.owner, existing.claimed_at, now);
      if (!retryable && !abandoned) return { kind: 'taken', record: toRecord(existing) };
      takeOver.run(owner, now, channel, localDate);
      return { kind: 'claimed', record: toRecord(select.get(channel, localDate)!), resume: true };
    },
  );

  const renew = db.prepare(
    `UPDATE ${table} SET claimed_at = ? WHERE channel = ? AND local_date = ? AND owner = ? AND status = 'claimed'`,
  );
  const finish = db.prepare(
    `UPDATE ${table} SET status = @status, message_id = @messageId, error = @error, finished_at = @now WHERE channel = @channel AND local_date = @localDate AND owner = @owner`,
  );
  return {
    claim: (channel, localDate, choose, now) => claim.immediate(channel, localDate, choose, now),
    renew: (channel, localDate, now) => renew.run(now, channel, localDate, owner).changes === 1,
    markSent(channel, localDate, messageId, now) {
      finish.run({ status: 'sent', messageId, error: null, now, channel, localDate, owner });
    },
    markFailed(channel, localDate, error, now) {
      finish.run({ status: 'failed', messageId: null, error, now, channel, localDate, owner });
    },
    post(channel, localDate) {
      const row = select.get(channel, localDate);
      return row ? toRecord(row) : undefined;
    },
  };
}

export function openLedger(file: string): Ledger {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL lets readers and one writer work together across processes; the busy timeout makes a second
  // process wait for the first's transaction instead of failing.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.exec(SCHEMA);

  const posts = claimsIn(db, 'posts');
  // A paper unfolded from a link counts as posted: the daily choice never shows it again.
  const posted = db.prepare<[string, string], { paper_id: string }>(
    'SELECT paper_id FROM posts WHERE channel = ? AND paper_id IS NOT NULL UNION SELECT paper_id FROM shown WHERE channel = ?',
  );
  const allPosted = db.prepare<[], { channel: string; paper_id: string }>(
    'SELECT channel, paper_id FROM posts WHERE paper_id IS NOT NULL UNION SELECT channel, paper_id FROM shown',
  );
  const topics = db.prepare<[string], { topic: string }>(
    'SELECT topic FROM posts WHERE channel = ? AND topic IS NOT NULL ORDER BY local_date DESC',
  );
  const last = db.prepare<[string], PostRow>('SELECT * FROM posts WHERE channel = ? ORDER BY local_date DESC LIMIT 1');
  const lastSent = db.prepare<[string], { local_date: string }>(
    "SELECT local_date FROM posts WHERE channel = ? AND status = 'sent' ORDER BY local_date DESC LIMIT 1",
  );
  const addNotice = db.prepare(
    'INSERT INTO dry_notices (channel, local_date, reason, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const dropNotice = db.prepare('DELETE FROM dry_notices WHERE channel = ? AND local_date = ?');
  // A post clears the notice, so the channel is told again if it runs dry again.
  const clearNotice = db.prepare('DELETE FROM dry_notices WHERE channel = ?');
  const notice = db.prepare<[string], { channel: string; local_date: string; reason: string; at: number }>(
    'SELECT * FROM dry_notices WHERE channel = ?',
  );

  const shown = db.prepare<[string], { paper_id: string; url: string; at: number }>(
    'SELECT paper_id, url, at FROM shown WHERE channel = ? ORDER BY at DESC',
  );
  const sent = db.prepare<[string], PostRow>(
    "SELECT * FROM posts WHERE channel = ? AND status = 'sent' AND paper_id IS NOT NULL ORDER BY local_date DESC",
  );

  return {
    ...posts,
    digests: claimsIn(db, 'digests'),
    markSent(channel, localDate, messageId, now) {
      posts.markSent(channel, localDate, messageId, now);
      clearNotice.run(channel);
    },
    postedPapers: (channel) => new Set(posted.all(channel, channel).map((r) => r.paper_id)),
    allPostedPapers() {
      const map = new Map<string, Set<string>>();
      for (const row of allPosted.all()) {
        let set = map.get(row.channel);
        if (!set) map.set(row.channel, (set = new Set()));
        set.add(row.paper_id);
      }
      return map;
    },
    topicHistory: (channel) => topics.all(channel).map((r) => r.topic),
    lastSentDate: (channel) => lastSent.get(channel)?.local_date,
    lastPost(channel) {
      const row = last.get(channel);
      return row ? toRecord(row) : undefined;
    },
    recordShown(channel, paperId, url, now) {
      db.prepare(
        'INSERT INTO shown (channel, paper_id, url, at) VALUES (?, ?, ?, ?) ON CONFLICT (channel, paper_id) DO UPDATE SET url = excluded.url, at = excluded.at',
      ).run(channel, paperId, url, now);
    },
    shown: (channel) => shown.all(channel).map((r) => ({ paperId: r.paper_id, url: r.url, at: r.at })),
    votesSince(channel, since) {
      return db
        .prepare<[string, number], { paper_id: string; vote: Vote; at: number }>(
          'SELECT paper_id, vote, at FROM votes WHERE channel = ? AND at >= ? ORDER BY at',
        )
        .all(channel, since)
        .map((r) => ({ paperId: r.paper_id, vote: r.vote, at: r.at }));
    },
    sentPosts: (channel) => sent.all(channel).map(toRecord),
    setDigest(channel, setting) {
      if (!setting) db.prepare('DELETE FROM digest_settings WHERE channel = ?').run(channel);
      else
        db.prepare(
          'INSERT INTO digest_settings (channel, day, time, timezone) VALUES (@channel, @day, @time, @timezone) ON CONFLICT (channel) DO UPDATE SET day = excluded.day, time = excluded.time, timezone = excluded.timezone',
        ).run({ channel, ...setting });
    },
    digestSettings() {
      const rows = db
        .prepare<[], DigestSetting & { channel: string }>('SELECT channel, day, time, timezone FROM digest_settings')
        .all();
      return new Map(rows.map(({ channel, ...setting }) => [channel, setting]));
    },
    pause(channel, reason, now) {
      db.prepare(
        'INSERT INTO pauses (channel, reason, at) VALUES (?, ?, ?) ON CONFLICT (channel) DO UPDATE SET reason = excluded.reason, at = excluded.at',
      ).run(channel, reason, now);
    },
    unpause(channel) {
      db.prepare('DELETE FROM pauses WHERE channel = ?').run(channel);
    },
    pauses() {
      const rows = db.prepare<[], { channel: string; reason: string; at: number }>('SELECT * FROM pauses').all();
      return new Map(rows.map((row) => [row.channel, row]));
    },
    recordVote(channel, paperId, user, vote, now) {
      db.prepare(
        'INSERT INTO votes (channel, paper_id, user, vote, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, paper_id, user) DO UPDATE SET vote = excluded.vote, at = excluded.at',
      ).run(channel, paperId, user, vote, now);
    },
    votes(channel) {
      return db
        .prepare<[string], { paper_id: string; user: string; vote: Vote }>(
          'SELECT paper_id, user, vote FROM votes WHERE channel = ? ORDER BY at',
        )
        .all(channel)
        .map((r) => ({ paperId: r.paper_id, user: r.user, vote: r.vote }));
    },
    claimDryNotice: (channel, localDate, reason, now) => addNotice.run(channel, localDate, reason, now).changes === 1,
    dropDryNotice(channel, localDate) {
      dropNotice.run(channel, localDate);
    },
    dryNotice(channel) {
      const row = notice.get(channel);
      return row ? { channel: row.channel, localDate: row.local_date, reason: row.reason, at: row.at } : undefined;
    },
    close: () => db.close(),
  };
}
