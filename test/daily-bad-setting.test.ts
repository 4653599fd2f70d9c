import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutgoingPost, Sender } from '../src/daily/service.js';
import { tempDir, testBot } from './support/bot.js';
import { captureLog } from './support/log-records.js';

const since = '2026-11-01T00:00:00.000Z';
const daily = (time: string, timezone: string) => ({ time, timezone, enabled: true });

/** state.json as a person may leave it after editing it by hand: one channel's zone and another's time are wrong. */
function handEditedState(dir: string): void {
  const state = {
    version: 1,
    subscriptions: ['slack:CBADZONE', 'slack:CBADTIME', 'slack:CGOOD'].map((channel) => ({
      channel,
      topic: 'style transfer',
      since,
    })),
    dailies: {
      'slack:CBADZONE': daily('08:00', 'Mars/Olympus_Mons'),
      'slack:CBADTIME': daily('25:00', 'UTC'),
      'slack:CGOOD': daily('08:00', 'Europe/Berlin'),
    },
  };
  writeFileSync(join(dir, 'state.json'), JSON.stringify(state, null, 2));
}

let log: ReturnType<typeof captureLog> | undefined;
afterEach(() => log?.stop());

describe('a bad daily setting in state.json', () => {
  it('pauses that channel only, with the reason in status and the log, and the rest post', async () => {
    const dir = tempDir();
    handEditedState(dir);
    const bot = await testBot(dir, () => new Date('2026-11-28T10:00:00Z'));
    const posts: OutgoingPost[] = [];
    const sender: Sender = {
      async send(post) {
        posts.push(post as OutgoingPost);
        return { messageId: String(posts.length) };
      },
    };
    bot.daily.useSender('slack', sender);
    log = captureLog('warn');

    const results = await bot.daily.runDue();
    expect(posts.map((p) => p.channelId)).toEqual(['CGOOD']);
    expect([...results.keys()]).toEqual(['slack:CGOOD']);
    await bot.daily.runDue(); // the next minute's run says nothing new
    const warnings = log.records.filter((r) => r.msg === 'daily post paused');
    expect(warnings.map((r) => [r.channel, r.reason])).toEqual([
      ['slack:CBADTIME', expect.stringContaining('the time "25:00" is not a time like 08:30')],
      ['slack:CBADZONE', expect.stringContaining('"Mars/Olympus_Mons" is not a time zone')],
    ]);

    const status = new Map(bot.daily.status().map((row) => [row.channel, row]));
    expect(status.get('slack:CBADZONE')).toMatchObject({ nextPost: null, paused: expect.stringContaining('Mars') });
    expect(status.get('slack:CBADTIME')).toMatchObject({ nextPost: null, paused: expect.stringContaining('25:00') });
    expect(status.get('slack:CGOOD')?.paused).toBeUndefined();
    expect(await bot.daily.postNow({ platform: 'slack', id: 'CBADZONE' })).toMatchObject({ status: 'paused' });
    bot.ledger.close();
  });
});
