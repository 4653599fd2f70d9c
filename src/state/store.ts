import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import PQueue from 'p-queue';
import { z } from 'zod';
import { ActionSchema } from '../core/action.js';
import { ChannelKeySchema } from '../core/channel.js';
import { StoreError } from '../core/errors.js';

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

/** A channel's daily post: when (wall-clock time in its zone) and whether it is on. */
export const DailySettingSchema = z.object({
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  timezone: z.string().min(1),
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

const emptyState = (): State => ({ version: 1, subscriptions: [], dailies: {}, actions: {} });

/** The bot's own small state (subscriptions, later schedules), kept in one JSON file. */
export interface Store {
  readonly file: string;
  read(): Readonly<State>;
  /** Applies a change and writes it; changes are applied one after another and each write is atomic. */
  update<T>(change: (state: State) => T): Promise<T>;
  /** Resolves once every update asked for so far is on disk (before the process exits). */
  flush(): Promise<void>;
}

/**
 * Opens the state file, creating it on first use. A file that is not valid JSON or does not match the
 * schema stops the bot with an error naming it, and is never written over: it may be the only copy of
 * a team's subscriptions. One bot process owns a state file; what must be shared between processes (the
 * daily-post claims, the papers) lives in SQLite.
 */
export async function openStore(file: string): Promise<Store> {
  await mkdir(dirname(file), { recursive: true });
  const state = await readState(file);
  // lowdb's JSONFile writes through steno: to a temporary file renamed over the old one (atomic), one
  // write at a time with the latest data (serialised), so concurrent updates all land.
  const db = new Low<State>(new JSONFile<State>(file), state);
  // Changes one at a time, in the order asked: each one sees the state the previous one left.
  const queue = new PQueue({ concurrency: 1 });
  return {
    file,
    read: () => db.data,
    update<T>(change: (state: State) => T): Promise<T> {
      return queue.add(async () => {
        // Change a copy and keep it only once it is on disk: a failed write leaves memory as the file is.
        const current = db.data;
        const next = structuredClone(current);
        const result = change(next);
        if (JSON.stringify(next) === JSON.stringify(current)) return result;
        db.data = next;
        try {
          await db.write();
        } catch (error) {
          db.data = current;
          throw error;
        }
        return result;
      });
    },
    flush: () => queue.onIdle(),
  };
}

async function readState(file: string): Promise<State> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw new StoreError(`cannot read the state file ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StoreError(
      `the state file ${file} is not valid JSON (${(error as Error).message}); fix or move it, it was left untouched`,
    );
  }
  const parsed = StateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'top level';
    throw new StoreError(
      `the state file ${file} does not match the expected shape at ${where}: ${issue?.message}; fix or move it, it was left untouched`,
    );
  }
  return parsed.data;
}
