import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandContext, Conversation } from '../../src/commands/command.js';
import { runCommand, runLine } from '../../src/commands/dispatch.js';
import type { Action } from '../../src/core/action.js';
import type { Bot } from '../../src/core/bot.js';
import type { Channel } from '../../src/core/channel.js';
import { ansiStyle, plainStyle } from './format.js';
import { renderReply } from './render.js';
import { consoleSender } from './sender.js';

/** The terminal is one channel, and whoever sits at it manages it. */
export const consoleChannel: Channel = { platform: 'console', id: 'local' };

export interface ChatOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** A person at a terminal: prompt, greeting and bold text. Piped input gets bare answers, one per line read. */
  readonly interactive: boolean;
}

/**
 * The console chat: reads one command a line and answers it, until end of input or /quit. `/more` and
 * `/back` page through the last list of papers, as the Next/Prev buttons do on Discord and Slack: the
 * chat keeps that list for them, as its conversation.
 */
export async function runChat(bot: Bot, { input, output, interactive }: ChatOptions): Promise<void> {
  let paging: { next?: Action; prev?: Action } = {};
  let ended = false;
  const conversation: Conversation = {
    turnPage: async (direction) => {
      const action = paging[direction];
      return action ? runCommand(action.command, action.args, context) : undefined;
    },
    end: () => {
      ended = true;
    },
  };
  const context: CommandContext = { bot, channel: consoleChannel, canManageChannel: true, conversation };
  const style = interactive ? ansiStyle : plainStyle;
  const lines = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  // A reader that goes away (`| head -1`) ends the chat quietly instead of crashing it.
  output.on('error', () => lines.close());
  const say = (text: string) => {
    if (!output.destroyed) output.write(`${text}\n`);
  };

  if (interactive) {
    say(`paperbot · ${bot.index.size} papers · type /help for commands, /quit to leave`);
    lines.setPrompt('paperbot> ');
    lines.prompt();
  }
  for await (const raw of lines) {
    const line = raw.trim();
    if (line !== '') {
      const reply = await runLine(line, context);
      // Piped input ends quietly, as it always has; a person at the terminal is told goodbye.
      if (ended && !interactive) break;
      if (reply.kind === 'papers') {
        paging = { ...(reply.next ? { next: reply.next } : {}), ...(reply.prev ? { prev: reply.prev } : {}) };
      }
      say(renderReply(reply, style));
      if (!interactive) say('');
      if (ended) break;
    }
    if (interactive) lines.prompt();
  }
  lines.close();
}

/**
 * The chat as `paperbot start` and `paperbot chat` run it, on whatever streams they are given (the terminal, or a
 * test's): the console channel's daily paper is printed there too, and the state is on disk when it returns.
 */
export async function runConsoleChat(bot: Bot, options: ChatOptions): Promise<void> {
  bot.daily.useSender('console', consoleSender(options.output, options.interactive ? ansiStyle : plainStyle));
  // A person at the terminal gets the console channel's daily paper here; a script piping commands does not.
  if (options.interactive) bot.daily.start();
  await runChat(bot, options);
  await bot.daily.stop();
  await bot.store.flush();
}
