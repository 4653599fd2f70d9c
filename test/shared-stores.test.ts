import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEASE_MS, type Ledger, openLedger } from '../src/daily/ledger.js';
import { migrate } from '../src/db/migrate.js';
import { openShared, type Shared } from '../src/db/shared.js';
import { openSyncPg, PgError, waitForAnswer } from '../src/db/sync-pg.js';
import { openInstallations } from '../src/state/installations.js';
import { openStore } from '../src/state/store.js';
import { openReadingList } from '../src/team/reading-list.js';
import { tempDir } from './support/bot.js';
import { createTestDatabase, type TestDatabase } from './support/pg.js';

// The same contract for the embedded files (one instance) and PostgreSQL (several): state, ledger, reading
// lists, Slack installs. Two handles on one backing store stand for two processes, or two instances.
let database: TestDatabase;
// Each backend's database too: a hook added while another runs is never run, and left them on the server.
const databases: TestDatabase[] = [];
const opened: Shared[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const shared of opened) await shared.close();
  for (const made of [database, ...databases]) await made.drop();
});

/** Opens a fresh backing store and answers a way to open handles on it. */
const backends = {
  sqlite: async () => {
    const dir = tempDir();
    return async () => ({
      store: await openStore(join(dir, 'state.json')),
      ledger: openLedger(join(dir, 'daily.db')),
      readingList: openReadingList(join(dir, 'daily.db')),
      installations: openInstallations(join(dir, 'daily.db')),
    });
  },
  postgres: async () => {
    const made = await createTestDatabase();
    databases.push(made);
    return async () => {
      const shared = await openShared(made.url);
      opened.push(shared);
      return shared;
    };
  },
};

const day = '2026-06-15';
const at = Date.parse('2026-06-15T09:00:00Z');
const chosen = { paperId: 'p1', topic: 'gan', archive: false };

describe.each(Object.keys(backends) as (keyof typeof backends)[])('%s', (kind) => {
  let open: Awaited<ReturnType<(typeof backends)['sqlite']>>;
  beforeAll(async () => {
    open = await backends[kind]();
  });

  describe('state', () => {
    it('an update is read back, by another handle too; a change that throws leaves the state as it was', async () => {
      const [a, b] = [await open(), await open()];
      await a.store.update((state) => {
        state.dailies['discord:1'] = { time: '08:30', timezone: 'Europe/Berlin', enabled: true };
      });
      expect(b.store.read().dailies['discord:1']?.time).toBe('08:30');
      await expect(
        b.store.update((state) => {
          state.dailies['discord:2'] = { time: '07:00', timezone: 'UTC', enabled: true };
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
      expect(Object.keys(a.store.read().dailies)).toEqual(['discord:1']);
    });

    it('changes from two handles at once are all kept', async () => {
      const [a, b] = [await open(), await open()];
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).store.update((state) => {
            state.subscriptions = [
              ...state.subscriptions,
              { channel: `slack:C${i}`, topic: `t${i}`, since: new Date(at).toISOString() },
            ];
          }),
        ),
      );
      expect(a.store.read().subscriptions).toHaveLength(20);
      expect(b.store.read().subscriptions).toHaveLength(20);
    });
  });

  describe('ledger', () => {
    let a: Ledger;
    let b: Ledger;
    beforeAll(async () => {
      [a, b] = [(await open()).ledger, (await open()).ledger];
    });

    it('claims a channel’s day once: the second claimant is told it is taken, and chooses nothing', () => {
      let choices = 0;
      const choose = () => {
        choices++;
        return chosen;
      };
      const first = a.claim('discord:1', day, choose, at);
      const second = b.claim('discord:1', day, choose, at);
      expect(first.kind).toBe('claimed');
      expect(second).toMatchObject({ kind: 'taken', record: { paperId: 'p1', status: 'claimed' } });
      expect(choices).toBe(1);
      // A claim's owner is the process in SQLite (two handles here are one owner), the instance in PostgreSQL.
      if (kind === 'postgres') expect(b.renew('discord:1', day, at + 1000)).toBe(false);
      expect(a.renew('discord:1', day, at + 1000)).toBe(true);
      a.markSent('discord:1', day, 'm1', at + 2000);
      expect(b.post('discord:1', day)).toMatchObject({ status: 'sent', messageId: 'm1', claimedAt: at + 1000 });
      expect(b.lastSentDate('discord:1')).toBe(day);
      expect(b.topicHistory('discord:1')).toEqual(['gan']);
      expect(b.sentPosts('discord:1').map((r) => r.paperId)).toEqual(['p1']);
      expect(b.lastPost('discord:1')?.claim).toBe(a.post('discord:1', day)?.claim);
    });

    it('a failed post is claimed again (resume), a skipped day is not, a lapsed claim is taken over', () => {
      a.claim('discord:2', day, () => chosen, at);
      a.markFailed('discord:2', day, 'HTTP 500', at);
      expect(b.claim('discord:2', day, () => chosen, at)).toMatchObject({ kind: 'claimed', resume: true });
      expect(b.post('discord:2', day)?.attempts).toBe(2);
      const skipped = a.claim('discord:3', day, () => ({ ...chosen, paperId: null, skipped: 'nothing new' }), at);
      expect(skipped).toMatchObject({ kind: 'taken', record: { status: 'skipped', error: 'nothing new' } });
      if (kind === 'sqlite') return; // a live process on this host keeps its claims
      a.claim('discord:4', day, () => chosen, at);
      expect(b.claim('discord:4', day, () => chosen, at + 1000).kind).toBe('taken');
      expect(b.claim('discord:4', day, () => chosen, at + LEASE_MS + 1)).toMatchObject({ resume: true });
    });

    it('the weekly digests have claims of their own, and their settings', () => {
      expect(a.digests.claim('discord:1', '2026-W25', () => chosen, at).kind).toBe('claimed');
      expect(b.digests.claim('discord:1', '2026-W25', () => chosen, at).kind).toBe('taken');
      a.setDigest('discord:1', { day: 'mon', time: '09:00', timezone: 'UTC' });
      expect(b.digestSettings().get('discord:1')).toEqual({ day: 'mon', time: '09:00', timezone: 'UTC' });
      a.setDigest('discord:1', undefined);
      expect(b.digestSettings().size).toBe(0);
    });

    it('keeps pauses, votes, links shown and dry notices', () => {
      a.pause('slack:C1', 'channel_not_found', at);
      expect(b.pauses().get('slack:C1')).toMatchObject({ reason: 'channel_not_found', at });
      b.unpause('slack:C1');
      expect(a.pauses().size).toBe(0);
      a.recordVote('slack:C1', 'p1', 'U1', 'up', at);
      a.recordVote('slack:C1', 'p1', 'U1', 'down', at + 1);
      a.recordVote('slack:C1', 'p2', 'U2', 'up', at + 2);
      expect(b.votes('slack:C1')).toEqual([
        { paperId: 'p1', user: 'U1', vote: 'down' },
        { paperId: 'p2', user: 'U2', vote: 'up' },
      ]);
      expect(b.votesSince('slack:C1', at + 2)).toEqual([{ paperId: 'p2', vote: 'up', at: at + 2 }]);
      a.recordShown('slack:C1', 'p9', 'https://arxiv.org/abs/p9', at);
      expect(b.shown('slack:C1')).toEqual([{ paperId: 'p9', url: 'https://arxiv.org/abs/p9', at }]);
      expect(b.postedPapers('slack:C1')).toEqual(new Set(['p9']));
      expect(b.allPostedPapers().get('discord:1')).toEqual(new Set(['p1']));
      expect(a.claimDryNotice('slack:C1', day, 'nothing matches', at)).toBe(true);
      expect(b.claimDryNotice('slack:C1', day, 'nothing matches', at)).toBe(false);
      expect(b.dryNotice('slack:C1')).toMatchObject({ localDate: day, reason: 'nothing matches' });
      b.dropDryNotice('slack:C1', day);
      expect(a.dryNotice('slack:C1')).toBeUndefined();
      a.claimDryNotice('slack:C1', day, 'nothing matches', at);
      a.claim('slack:C1', day, () => chosen, at);
      a.markSent('slack:C1', day, null, at);
      expect(b.dryNotice('slack:C1')).toBeUndefined(); // a post clears it
    });
  });

  it('reading lists: saved once, a new note replaces the old, newest first', async () => {
    const [a, b] = [(await open()).readingList, (await open()).readingList];
    expect(a.save({ channel: 'slack:C1', paperId: 'p1', savedBy: 'U1', now: at }).added).toBe(true);
    expect(b.save({ channel: 'slack:C1', paperId: 'p1', savedBy: 'U2', note: 'Friday', now: at + 1 })).toMatchObject({
      added: false,
      entry: { savedBy: 'U1', note: 'Friday' },
    });
    b.save({ channel: 'slack:C1', paperId: 'p2', savedBy: 'U2', now: at });
    expect(a.list('slack:C1').map((s) => s.paperId)).toEqual(['p2', 'p1']);
    expect(a.markRead('slack:C1', 'p1', at + 5)).toBe(true);
    b.setZoteroKey('slack:C1', 'p1', 'ABCD');
    expect(a.get('slack:C1', 'p1')).toMatchObject({ readAt: at + 5, zoteroKey: 'ABCD' });
    expect(b.remove('slack:C1', 'p1')).toBe(true);
    expect(a.remove('slack:C1', 'p1')).toBe(false);
  });

  it('Slack installations: saved, found by another handle, removed with their channels', async () => {
    const [a, b] = [(await open()).installations, (await open()).installations];
    await a.save({ workspace: 'T1', botToken: 'xoxb-1', installation: { team: { id: 'T1' } } });
    await a.recordChannel('slack:C1', 'T1');
    expect(await b.find('T1')).toEqual({ workspace: 'T1', botToken: 'xoxb-1', installation: { team: { id: 'T1' } } });
    expect(await b.workspaceOf('slack:C1')).toBe('T1');
    expect(await b.remove('T1')).toEqual(['slack:C1']);
    expect(await a.find('T1')).toBeUndefined();
  });
});

describe('PostgreSQL migrations', () => {
  it('are applied once, whoever starts first, and again change nothing', async () => {
    const results = await Promise.all([migrate(database.url), migrate(database.url), migrate(database.url)]);
    expect(results.flat()).toEqual(['001_init.sql']);
    expect(await migrate(database.url)).toEqual([]);
  });
});

describe('the PostgreSQL connection', () => {
  it('comes back after the server ends it: the statement in flight fails, the next one works', async () => {
    const pg = await openSyncPg(database.url);
    try {
      expect(pg.query<{ one: number }>('SELECT 1 AS one').rows).toEqual([{ one: 1 }]);
      expect(await database.terminate(pg.session)).toBe(1);
      expect(() => pg.query('SELECT 1')).toThrow(PgError);
      expect(pg.query<{ one: number }>('SELECT 1 AS one').rows).toEqual([{ one: 1 }]);
    } finally {
      await pg.close();
    }
  });

  it('waits for the statement’s own answer, not a wake-up left over from the one before', async () => {
    const signal = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(signal, 0, 6);
    // The worker answered statement 6 but wakes us only as we wait for statement 7, which it answers later.
    const worker = new Worker(
      `const signal = require('node:worker_threads').workerData;
       setTimeout(() => Atomics.notify(signal, 0), 50);
       setTimeout(() => { Atomics.store(signal, 0, 7); Atomics.notify(signal, 0); }, 300);`,
      { eval: true, workerData: signal },
    );
    await new Promise((resolve) => worker.once('online', resolve));
    try {
      expect(waitForAnswer(signal, 7, 10_000)).toBe(true);
      expect(Atomics.load(signal, 0)).toBe(7);
      // No answer at all: the wait ends, so the caller can say the connection is gone.
      expect(waitForAnswer(signal, 8, 100)).toBe(false);
    } finally {
      await worker.terminate();
    }
  });
});
