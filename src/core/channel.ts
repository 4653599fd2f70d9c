import { z } from 'zod';

export const PlatformSchema = z.enum(['console', 'discord', 'slack']);
export type Platform = z.infer<typeof PlatformSchema>;

/** Where a conversation happens: a Discord or Slack channel, or the terminal. */
export interface Channel {
  readonly platform: Platform;
  readonly id: string;
}

/** A channel as one string, `platform:id`, the form it is stored under. */
export const ChannelKeySchema = z.string().regex(/^(console|discord|slack):[^\s]+$/, 'expected platform:id');
export type ChannelKey = z.infer<typeof ChannelKeySchema>;

export const channelKey = (channel: Channel): ChannelKey => `${channel.platform}:${channel.id}`;
