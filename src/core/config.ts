import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cron from 'node-cron';
import { z } from 'zod';
import { TimeZoneSchema } from '../daily/clock.js';
import { SourceListSchema } from '../ingest/refresh.js';
import { ConfigError } from './errors.js';

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
  /** Sources the running bot fetches on INGEST_CRON: hf, rss:<categories>, arxiv:<query>, comma-separated. */
  INGEST_SOURCES: SourceListSchema.optional(),
  INGEST_CRON: z
    .string()
    .refine((expression) => cron.validate(expression), 'is not a cron expression like "0 */6 * * *"')
    .default('0 */6 * * *'),
  ARXIV_API_URL: z.url().default('https://export.arxiv.org/api/query'),
  ARXIV_RSS_URL: z.url().default('https://rss.arxiv.org/rss'),
  HF_API_URL: z.url().default('https://huggingface.co/api'),
  /** Put in the User-Agent of requests to arXiv and Hugging Face, as arXiv asks: who to contact about the bot. */
  CONTACT: z.string().min(3).optional(),
  /** The HTTP port for Slack's HTTP mode. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Where the sources are and how paperbot introduces itself to them. */
export const endpointsOf = (config: Config) => ({
  arxivApi: config.ARXIV_API_URL,
  arxivRss: config.ARXIV_RSS_URL,
  hfApi: config.HF_API_URL,
  userAgent: `paperbot/0.1 (research paper bot${config.CONTACT ? `; contact: ${config.CONTACT}` : ''})`,
});

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
