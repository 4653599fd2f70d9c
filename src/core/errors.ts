/**
 * Errors that stop start-up with a message a person can act on. They are caught once, at the edge
 * (the CLI), printed as one line and turned into a non-zero exit; nothing else needs to know them.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** A value in the environment (or `.env`) that does not fit; names the variable. */
export class ConfigError extends StartupError {}

/** The stored state cannot be read or does not validate; names the file, which is left as it is. */
export class StoreError extends StartupError {}

/**
 * A platform says the bot can never post in this channel as things stand (deleted, bot removed, no
 * permission). The channel's daily post is paused, not retried; its subscriptions are kept.
 */
export class ChannelGoneError extends Error {
  override readonly name = 'ChannelGoneError';
}
