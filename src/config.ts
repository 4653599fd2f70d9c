import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { TimeZoneSchema } from './schedule.js';

/** The folder holding package.json, whether running from `src/` (tests) or `dist/src/` (installed). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const bundledSeeds = join(packageRoot(), 'seeds');

/** Every setting paperbot reads from the environment; `.env.example` documents each one. */
export const ConfigSchema = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  SEEDS_DIR: z.string().min(1).default(bundledSeeds),
  /** Unset: `info` for the bot, `warn` for one-shot CLI commands so their output stays clean. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  LOG_FILE: z.string().min(1).optional(),
  /** The zone of a channel's daily post until someone sets one (IANA name, e.g. Europe/Berlin). */
  DEFAULT_TIMEZONE: TimeZoneSchema.default('UTC'),
  /** The bot token from the Discord developer portal; setting it starts the Discord adapter. */
  DISCORD_TOKEN: z.string().min(1).optional(),
  /** The application id; looked up with the token when unset. */
  DISCORD_APPLICATION_ID: z.string().regex(/^\d+$/, 'must be a numeric Discord id').optional(),
  /** discord.js's REST base, e.g. http://127.0.0.1:PORT/api for a local fake. */
  DISCORD_API_URL: z.url().optional(),
  /** The Bot User OAuth Token (xoxb-…); setting it starts the Slack adapter. */
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  /** An app-level token (xapp-…) with connections:write: Socket Mode, no public URL needed. */
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  /** Without an app token, Slack calls us over HTTP on PORT and Bolt checks every request with this secret. */
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  /** The Web API base, e.g. http://127.0.0.1:PORT/api/ for a local fake. */
  SLACK_API_URL: z.url().optional(),
  /** Who may change a channel's topics on Slack. */
  SLACK_SUBSCRIBE_ALLOWED: z.enum(['everyone', 'admins']).default('everyone'),
  /** The HTTP port for Slack's HTTP mode. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
});
export type Config = z.infer<typeof ConfigSchema>;

/**
 * Reads the configuration from the environment, after an optional `.env` in the working directory
 * (real environment variables win). A bad value throws a ConfigError naming the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Config {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  // An empty variable (`LOG_FILE=` in .env) means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ConfigError(`configuration: ${String(issue.path[0])} ${issue.message}`);
}
