import { z } from 'zod';
import { ActionSchema } from '../core/action.js';
import { ChannelKeySchema } from '../core/channel.js';

export const MAX_TOPIC_LENGTH = 100;

export const TopicSchema = z.string().min(1).max(MAX_TOPIC_LENGTH);
export type Topic = z.infer<typeof TopicSchema>;

export const SubscriptionSchema = z.object({
  channel: ChannelKeySchema,
  topic: TopicSchema,
  since: z.iso.datetime(),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

/** A button's action, stored when it is too long to ride in the button itself (Discord's 100 characters). */
export const RememberedActionSchema = z.object({ action: ActionSchema, at: z.iso.datetime() });

/**
 * A channel's daily post: when (wall-clock time in its zone) and whether it is on. Time and zone are checked
 * when the channel is scheduled, not here: a hand-edited bad one pauses that channel, not the whole file.
 */
export const DailySettingSchema = z.object({
  time: z.string(),
  timezone: z.string(),
  enabled: z.boolean(),
});
export type DailySetting = z.infer<typeof DailySettingSchema>;

export const StateSchema = z.object({
  version: z.literal(1),
  subscriptions: z.array(SubscriptionSchema),
  dailies: z.record(ChannelKeySchema, DailySettingSchema).default({}),
  actions: z.record(z.string(), RememberedActionSchema).default({}),
});
export type State = z.infer<typeof StateSchema>;
