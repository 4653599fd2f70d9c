import { type Channel, type ChannelKey, channelKey } from '../core/channel.js';
import type { DailySetting, State, Store } from '../state/store.js';
import { subscriptionsByChannel } from '../state/subscriptions.js';
import { canonicalZone } from './clock.js';

/** What a channel gets when nobody has set its daily post: 09:00 in the bot's default zone, on. */
export interface DailyDefaults {
  readonly time: string;
  readonly timezone: string;
}

export function dailySettingOf(state: Readonly<State>, key: ChannelKey, defaults: DailyDefaults): DailySetting {
  return state.dailies[key] ?? { time: defaults.time, timezone: defaults.timezone, enabled: true };
}

// Checking a zone builds an Intl formatter; 20,000 channels share a few dozen zones.
const knownZones = new Map<string, boolean>();
const isZone = (zone: string) => {
  let known = knownZones.get(zone);
  if (known === undefined) knownZones.set(zone, (known = canonicalZone(zone) !== undefined));
  return known;
};

/**
 * What is wrong with a stored setting (state.json edited by hand, or by an older paperbot), if anything. The
 * commands never store a bad one; a bad one pauses its channel only, so the others still get their post.
 */
export function settingProblem(setting: DailySetting): string | undefined {
  const fix = 'fix it with /paper daily <time> <zone> or in state.json';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(setting.time)) {
    return `bad daily setting: the time "${setting.time}" is not a time like 08:30; ${fix}`;
  }
  if (!isZone(setting.timezone)) {
    return `bad daily setting: "${setting.timezone}" is not a time zone like Europe/Berlin; ${fix}`;
  }
  return undefined;
}

export interface ScheduledChannel {
  readonly key: ChannelKey;
  readonly setting: DailySetting;
  /** Why the channel cannot be scheduled as its setting stands (see settingProblem). */
  readonly problem?: string;
}

/** Channels that get a daily post: those following a topic, and those that turned it on; minus those that turned it off. */
export function scheduledChannels(state: Readonly<State>, defaults: DailyDefaults): ScheduledChannel[] {
  const keys = new Set<ChannelKey>([...subscriptionsByChannel(state).keys(), ...Object.keys(state.dailies)]);
  return [...keys]
    .sort()
    .map((key) => {
      const setting = dailySettingOf(state, key, defaults);
      const problem = settingProblem(setting);
      return problem ? { key, setting, problem } : { key, setting };
    })
    .filter(({ setting }) => setting.enabled);
}

export async function updateDaily(
  store: Store,
  channel: Channel,
  defaults: DailyDefaults,
  change: Partial<DailySetting>,
): Promise<DailySetting> {
  const key = channelKey(channel);
  return store.update((state) => {
    const next = { ...dailySettingOf(state, key, defaults), ...change };
    state.dailies[key] = next;
    return next;
  });
}

export const topicsOf = (state: Readonly<State>, key: ChannelKey): string[] =>
  (subscriptionsByChannel(state).get(key) ?? []).map((s) => s.topic);
