import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cron from 'node-cron';
import { z } from 'zod';
import { TimeZoneSchema } from '../daily/clock.js';
import { SourceListSchema } from '../ingest/refresh.js';
import { ConfigError } from './errors.js';

/** The folder holding package.json, whether running from `src/` (tests) or `dist/src/` (installed). */
export function packageRoot(): string {
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
  /** `on`: answer messages holding paper links with the paper's card (needs the privileged Message Content intent). */
  DISCORD_LINK_CARDS: z.enum(['on', 'off']).default('off'),
  /** Gateway shards run in this process: a number (all of 0…n-1) or `auto` (as many as Discord recommends). */
  DISCORD_SHARDS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(10_000)]).optional(),
  /** Only these shards of DISCORD_SHARD_COUNT (`0,1`), so that several processes split the gateway. */
  DISCORD_SHARD_IDS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be shard ids separated by commas, e.g. 0,1')
    .transform((ids) => [...new Set(ids.split(',').map(Number))])
    .optional(),
  /** The total number of shards across every process, with DISCORD_SHARD_IDS. */
  DISCORD_SHARD_COUNT: z.coerce.number().int().min(1).max(10_000).optional(),
  /** The Bot User OAuth Token (xoxb-…); setting it starts the Slack adapter. */
  SLACK_BOT_TOKEN: z
    .string()
    .startsWith('xoxb-', 'is not a bot token: copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions')
    .optional(),
  /** An app-level token (xapp-…) with connections:write: Socket Mode, no public URL needed. */
  SLACK_APP_TOKEN: z
    .string()
    .startsWith('xapp-', 'is not an app-level token: create one (xapp-…) under Basic Information → App-Level Tokens')
    .optional(),
  /** Without an app token, Slack calls us over HTTP on PORT and Bolt checks every request with this secret. */
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  /** The Web API base, e.g. http://127.0.0.1:PORT/api/ for a local fake. */
  SLACK_API_URL: z.url().optional(),
  /** Distribution (OAuth install in many workspaces): the app's Client ID, from Basic Information. */
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  /** Any long random string: signs the OAuth `state` so a redirect is known to come from our install link. */
  SLACK_STATE_SECRET: z.string().min(16, 'must be at least 16 characters (any random string)').optional(),
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
  /** An OpenAI-compatible chat-completions API (OpenAI, Ollama, vLLM, llama.cpp's server); used once LLM_MODEL is set. */
  LLM_BASE_URL: z.url().default('https://api.openai.com/v1'),
  /** The model that writes answers from the abstracts; unset, answers are quoted sentences only. */
  LLM_MODEL: z.string().min(1).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  /** After this, an answer still being written is dropped and the quoted one shown instead. */
  LLM_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(30),
  /** Written answers per channel per minute; past it, the quoted answer and a note. */
  LLM_CALLS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(5),
  /** A Zotero API key with write access (zotero.org/settings/keys); with ZOTERO_LIBRARY, saved papers go to Zotero too. */
  ZOTERO_API_KEY: z.string().min(1).optional(),
  /** The Zotero library saved papers go to: `users/<id>` (the key's own) or `groups/<id>`. */
  ZOTERO_LIBRARY: z
    .string()
    .regex(/^(users|groups)\/\d+$/, 'must be users/<id> or groups/<id>, e.g. users/123456')
    .optional(),
  ZOTERO_API_URL: z.url().default('https://api.zotero.org'),
  /**
   * PostgreSQL for what several instances share (state, daily ledger, reading lists, Slack installs, papers);
   * unset, everything stays in DATA_DIR (lowdb and SQLite).
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL: postgres://user:password@host:5432/database')
    .optional(),
  /** With DATABASE_URL: how often an instance pulls the papers others ingested into its search index. */
  PAPER_SYNC_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /** With DATABASE_URL: how often an instance that does not lead tries to take over the daily run and feeds. */
  LEADER_RETRY_SECONDS: z.coerce.number().min(1).max(600).default(10),
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
