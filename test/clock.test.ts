import { describe, expect, it } from 'vitest';
import { nextPostAt } from '../src/daily/clock.js';

const next = (after: string, time: string, zone: string, postedToday: boolean) =>
  nextPostAt(new Date(after), time, zone, postedToday).toISOString();

describe('the next daily post time (daily status)', () => {
  it('is the post time today, or tomorrow once today is posted', () => {
    expect(next('2025-03-29T06:00:00Z', '08:30', 'Europe/Berlin', false)).toBe('2025-03-29T07:30:00.000Z');
    expect(next('2025-03-29T06:00:00Z', '08:30', 'Europe/Berlin', true)).toBe('2025-03-30T06:30:00.000Z');
    expect(next('2025-06-01T20:00:00Z', '09:00', 'America/New_York', true)).toBe('2025-06-02T13:00:00.000Z');
  });

  it('is the next minute when today is due and not posted yet (the bot was down at its time)', () => {
    expect(next('2025-03-29T07:45:20Z', '08:30', 'Europe/Berlin', false)).toBe('2025-03-29T07:46:00.000Z');
  });

  it('keeps the wall-clock time across daylight saving changes', () => {
    // 02:30 does not exist in Berlin on 30 March 2025: the post goes out when the clock jumps to 03:00.
    expect(next('2025-03-29T23:00:00Z', '02:30', 'Europe/Berlin', false)).toBe('2025-03-30T01:00:00.000Z');
    // 02:30 happens twice on 26 October 2025: the first one.
    expect(next('2025-10-25T23:00:00Z', '02:30', 'Europe/Berlin', false)).toBe('2025-10-26T00:30:00.000Z');
  });
});
