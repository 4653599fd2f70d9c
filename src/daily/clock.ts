import { Cron } from 'croner';
import { z } from 'zod';

/** A post time as people write it: 24-hour HH:MM ("08:30", "9:05"). */
export const PostTimeSchema = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'is not a time like 08:30 (24-hour clock)')
  .transform((time) => time.padStart(5, '0'));
export type PostTime = z.infer<typeof PostTimeSchema>;

/** The zone as the IANA database names it, in its canonical spelling (any case typed). */
export function canonicalZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone.trim() }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export const TimeZoneSchema = z.string().transform((zone, ctx) => {
  const canonical = canonicalZone(zone);
  if (!canonical)
    ctx.addIssue({ code: 'custom', message: `is not a time zone like Europe/Berlin or America/New_York` });
  return canonical ?? zone;
});

/** A moment as it reads on a wall clock in a zone: the local date (YYYY-MM-DD) and time (HH:MM). */
export interface LocalTime {
  readonly date: string;
  readonly time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function localTime(at: Date, zone: string): LocalTime {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * Whether a channel's post for its local today is due: the wall clock in its zone has reached its post
 * time. Comparing wall-clock times keeps 08:30 Berlin at 08:30 across DST changes, and a bot that was down
 * at 08:30 catches up later the same local day (never for a day already gone).
 */
export function isDue(at: Date, postTime: PostTime, zone: string): boolean {
  return localTime(at, zone).time >= postTime;
}

/** The next moment (to the minute) at which the wall clock in `zone` shows `postTime` on a day after `after`'s post. */
export function nextPostAt(after: Date, postTime: PostTime, zone: string, postedToday: boolean): Date {
  const start = new Date(Math.ceil(after.getTime() / 60_000) * 60_000);
  const today = localTime(after, zone).date;
  const open = (at: Date) => !postedToday || localTime(at, zone).date !== today;
  // A post still due today (the bot was down at its time) goes out at the next minute's check.
  if (isDue(start, postTime, zone) && open(start)) return start;
  const [hour, minute] = postTime.split(':').map(Number);
  // croner puts a time that a change to summer time skips at the end of the gap, where `isDue` first holds.
  const daily = new Cron(`${minute} ${hour} * * *`, { timezone: zone });
  let at = daily.nextRun(new Date(start.getTime() - 1000))!;
  while (!open(at)) at = daily.nextRun(at)!;
  return at;
}

/** All IANA zone names, for suggestions. */
export const timeZones = (): string[] => Intl.supportedValuesOf('timeZone');

/** The ISO week (Monday to Sunday) a local date is in, as `2026-W48`: a weekly digest's period. */
export function isoWeek(localDate: string): string {
  const day = new Date(`${localDate}T00:00:00Z`);
  // The week belongs to the year of its Thursday.
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Weekdays as people type them, in ISO order (Monday is 1). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The ISO weekday (Monday 1 … Sunday 7) of a local date. */
const isoWeekday = (localDate: string) => ((new Date(`${localDate}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/**
 * Whether this week's digest is due: in the channel's zone, its weekday and time have come this week. A bot that
 * was down then catches up later the same week, never for a week already gone.
 */
export function isWeeklyDue(at: Date, day: Weekday, postTime: PostTime, zone: string): boolean {
  const local = localTime(at, zone);
  const today = isoWeekday(local.date);
  const wanted = WEEKDAYS.indexOf(day) + 1;
  return today > wanted || (today === wanted && local.time >= postTime);
}
