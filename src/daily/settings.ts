import { type Channel, type ChannelKey, channelKey } from '../core/channel.js';
import type { DailySetting, State, Store } from '../state/store.js';

/** What a channel gets when nobody has set its daily post: 09:00 in the bot's default zone, on. */
export interface DailyDefaults {
  readonly time: string;
  readonly timezone: string;
}

export function dailySettingOf(state: Readonly<State>, key: ChannelKey, defaults: DailyDefaults): DailySetting {
  return state.dailies[key] ?? { time: defaults.time, timezone: defaults.timezone, enabled: true };
}

/** Channels that get a daily post: those following a topic, and those that turned it on; minus those that turned it off. */
export function scheduledChannels(
  state: Readonly<State>,
  defaults: DailyDefaults,
): { key: ChannelKey; setting: DailySetting }[] {
  const keys = new Set<ChannelKey>([...state.subscriptions.map((s) => s.channel), ...Object.keys(state.dailies)]);
  return [...keys]
    .sort()
    .map((key) => ({ key, setting: dailySettingOf(state, key, defaults) }))
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
  state.subscriptions.filter((s) => s.channel === key).map((s) => s.topic);
