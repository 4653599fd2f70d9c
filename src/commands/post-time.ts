import type { CommandUsage, Reply } from '../core/reply.js';
import { canonicalZone, type PostTime, PostTimeSchema } from '../daily/clock.js';
import { quote } from './args.js';

/** A post time and time zone as typed (daily paper, weekly digest), checked; or the reply saying what is wrong. */
export function postTimeIn(time: string, zone: string, usage: CommandUsage): { time: PostTime; zone: string } | Reply {
  const parsed = PostTimeSchema.safeParse(time);
  if (!parsed.success) {
    return { kind: 'error', text: ['That time ', quote(time), ' is not a time like 08:30 (24-hour clock).'], usage };
  }
  const canonical = canonicalZone(zone);
  if (!canonical) {
    const advice = '. Use a name like Europe/Berlin, America/New_York or Asia/Tokyo.';
    return { kind: 'error', text: ['I do not know the time zone ', quote(zone), advice] };
  }
  return { time: parsed.data, zone: canonical };
}
