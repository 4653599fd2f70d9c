import type { ClientOptions } from 'discord.js';
import type { Config } from '../../src/core/config.js';
import { ConfigError } from '../../src/core/errors.js';

/** Which gateway shards this process connects: discord.js's own `shards` and `shardCount` client options. */
export type Sharding = Pick<ClientOptions, 'shards' | 'shardCount'>;

type ShardSettings = Pick<Config, 'DISCORD_SHARDS' | 'DISCORD_SHARD_IDS' | 'DISCORD_SHARD_COUNT'>;

const refuse = (message: string): never => {
  throw new ConfigError(`configuration: ${message}`);
};

/**
 * DISCORD_SHARDS runs every shard in this one process (discord.js's internal sharding: one client, one REST queue,
 * one daily scheduler); DISCORD_SHARD_IDS with DISCORD_SHARD_COUNT runs some of them, so that several processes split
 * the gateway. Nothing set: one shard, as before.
 */
export function shardingOf(settings: ShardSettings): Sharding {
  const { DISCORD_SHARDS: shards, DISCORD_SHARD_IDS: ids, DISCORD_SHARD_COUNT: count } = settings;
  if (ids) {
    if (shards !== undefined) refuse('set DISCORD_SHARDS (every shard here) or DISCORD_SHARD_IDS (some), not both');
    if (count === undefined)
      return refuse('DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT, the number of shards across all processes');
    const outside = ids.find((id) => id >= count);
    if (outside !== undefined)
      refuse(`DISCORD_SHARD_IDS has shard ${outside}, but shards run from 0 to ${count - 1} (DISCORD_SHARD_COUNT)`);
    return { shards: ids, shardCount: count };
  }
  if (count !== undefined)
    refuse('DISCORD_SHARD_COUNT goes with DISCORD_SHARD_IDS; for every shard here use DISCORD_SHARDS');
  if (shards === 'auto') return { shards: 'auto' };
  if (shards !== undefined) return { shards: Array.from({ length: shards }, (_, id) => id), shardCount: shards };
  return {};
}
