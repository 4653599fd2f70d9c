import type { z } from 'zod';
import type { Bot } from '../core/bot.js';
import type { Channel, Platform } from '../core/channel.js';
import type { Reply } from '../core/reply.js';
import type { Suggestion } from './suggest.js';

/** Who may run a command: anyone, or only people who can manage the channel (its settings change). */
export type Access = 'anyone' | 'channel-managers';

/** Where a command is reached: a chat platform, or `paperbot <command>` at a shell. */
export type Surface = Platform | 'shell';

/** The chats: where a command is reached unless its entry says otherwise. */
export const CHATS: readonly Surface[] = ['console', 'discord', 'slack'];

/** The state a chat keeps between lines, where it keeps any (the console): its last list and its end. */
export interface Conversation {
  /** Runs the last list's Next or Prev button, if it has that one; what /more and /back do. */
  turnPage(direction: 'next' | 'prev'): Promise<Reply | undefined>;
  /** Ends the conversation after this line; what /quit does. */
  end(): void;
}

export interface CommandContext {
  readonly bot: Bot;
  readonly channel: Channel;
  /** Whether the person may manage this channel (Discord: Manage Channels; Slack: per config; console: yes). */
  readonly canManageChannel: boolean;
  /** The platform's id of the person, where the platform gives one (feedback is stored per person). */
  readonly user?: string;
  readonly conversation?: Conversation;
  /** How many papers a list shows at once: a chat's page, or the shell's --limit. */
  readonly pageSize?: number;
  /**
   * Shows a reply still in the making (an answer as a model writes it), where the chat can edit a message; the
   * reply the command returns replaces it. Called often: adapters decide how often to show it.
   */
  readonly progress?: (reply: Reply) => void;
}

/** What every command declares besides its arguments and handler. */
interface CommandInfo {
  readonly name: string;
  /** Other names it answers to when typed, e.g. /next for /more; help shows the name alone. */
  readonly aliases?: readonly string[];
  readonly description: string;
  readonly access: Access;
  /** Where it is reached; the chats unless set. */
  readonly surfaces: readonly Surface[];
  /** Writes to the channel's stored records (save, read): the shell opens them for writing, not read-only. */
  readonly changesState?: boolean;
  /** Reached only through buttons (feedback): not in help, not a slash command, not in the Slack manifest. */
  readonly buttonOnly?: boolean;
  /**
   * Help writes it `/paper <name> …`, as it is typed in a chat whose one command is /paper (Slack), rather than
   * `/<name> …`: the ways of asking about papers read as one command. Typed text reaches every command both ways.
   */
  readonly helpAsPaperSubcommand?: boolean;
  /** Choices to offer while an argument is typed (Discord autocomplete), by argument. */
  readonly suggest?: Readonly<
    Record<string, (typed: string, context: CommandContext) => Suggestion[] | Promise<Suggestion[]>>
  >;
  /**
   * Arguments given by name only, where a platform asks for each in a field of its own (Discord options, the shell's
   * `--flags`). A typed line never fills them, since it says the same in its own text (a search's `since:2019`), so
   * help and usage leave them out.
   */
  readonly namedOnly?: readonly string[];
  /** Splits a typed line into arguments, for a command with more than one; by default the first takes it all. */
  readonly parseText?: (text: string) => Record<string, string>;
  /** How the arguments are typed, where `<argument>` would not say it, e.g. `[HH:MM [time zone] | on | now]`. */
  readonly hint?: string;
  /** The shell's word for it where its own name would say less: `paperbot search` runs /paper. */
  readonly shellName?: string;
}

/** A command as written in its file: the handler receives the arguments as its schema outputs them. */
export interface CommandSpec<Args extends z.ZodObject> extends Omit<CommandInfo, 'surfaces' | 'namedOnly'> {
  readonly surfaces?: readonly Surface[];
  readonly namedOnly?: readonly (keyof Args['shape'] & string)[];
  /** Arguments in order; the first one takes the typed text after the command's name. */
  readonly args: Args;
  run(args: z.output<Args>, context: CommandContext): Promise<Reply>;
}

export type Checked =
  | { readonly ok: true; run(context: CommandContext): Promise<Reply> }
  | { readonly ok: false; readonly error: z.ZodError };

/** A command of the table, whatever its arguments: they are checked, then handed to the handler typed. */
export interface Command extends CommandInfo {
  readonly args: z.ZodObject;
  check(input: Record<string, unknown>): Checked;
}

/** Makes a table entry; the arguments' type stays between the schema and the handler, out of the list's type. */
export function define<Args extends z.ZodObject>({ run, surfaces = CHATS, ...info }: CommandSpec<Args>): Command {
  return {
    ...info,
    surfaces,
    check(input) {
      const parsed = info.args.safeParse(input);
      return parsed.success
        ? { ok: true, run: (context) => run(parsed.data, context) }
        : { ok: false, error: parsed.error };
    },
  };
}
