// What starting on Discord needs, in one module loaded only when DISCORD_TOKEN is set (see start.ts).
export { startDiscord } from '../adapters/discord/client.js';
export { discordRest } from '../adapters/discord/rest.js';
export { discordSender } from '../adapters/discord/sender.js';
export { shardingOf } from '../adapters/discord/shards.js';
