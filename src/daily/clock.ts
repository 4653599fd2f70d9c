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
