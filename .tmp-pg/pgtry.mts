import { openSyncPg } from '/work/main/src/db/sync-pg.ts';
const t0 = performance.now();
const db = await openSyncPg('postgres://postgres@127.0.0.1:5432/test');
console.log('open', performance.now() - t0);
const t1 = performance.now();
for (let i = 0; i < 2000; i++) db.query('SELECT $1::int8 AS n', [i]);
console.log('2000 queries', performance.now() - t1, db.query('SELECT 1::int8 AS n, now() AS t').rows);
try { db.query('SELECT nope'); } catch (e) { console.log('err', (e as any).code, (e as Error).message); }
console.log(db.transaction(() => db.query('SELECT txid_current() a').rows));
await db.close();
