import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Bot } from '../../src/core/bot.js';
import type { Channel } from '../../src/core/channel.js';
import type { CommandContext } from '../../src/commands/table.js';
import { runCommand, runLine } from '../../src/commands/dispatch.js';
import type { Action, Reply } from '../../src/core/reply.js';
import { ansiStyle, plainStyle, renderReply } from './render.js';

/** The terminal is one channel, and whoever sits at it manages it. */
export const consoleChannel: Channel = { platform: 'console', id: 'local' };

const QUIT = new Set(['/quit', '/exit', 'quit', 'exit']);
const MORE = new Set(['/more', 'more', '/next']);
const BACK = new Set(['/back', 'back', '/prev']);

export interface ChatOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** A person at a terminal: prompt, greeting and bold text. Piped input gets bare answers, one per line read. */
  readonly interactive: boolean;
}

/**
 * The console chat: reads one command a line and answers it, until end of input or /quit. `/more` and
 * `/back` page through the last list of papers, as the Next/Prev buttons do on Discord and Slack.
 */
export async function runChat(bot: Bot, { input, output, interactive }: ChatOptions): Promise<void> {
  const context: CommandContext = { bot, channel: consoleChannel, canManageChannel: true };
  const style = interactive ? ansiStyle : plainStyle;
  const lines = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  // A reader that goes away (`| head -1`) ends the chat quietly instead of crashing it.
  output.on('error', () => lines.close());
  const say = (text: string) => {
    if (!output.destroyed) output.write(`${text}\n`);
  };
  let paging: { next?: Action; prev?: Action } = {};

  if (interactive) {
    say(`paperbot · ${bot.index.size} papers · type /help for commands, /quit to leave`);
    lines.setPrompt('paperbot> ');
    lines.prompt();
  }
  for await (const raw of lines) {
    const line = raw.trim();
    if (QUIT.has(line.toLowerCase())) break;
    if (line !== '') {
      let reply: Reply;
      const action = MORE.has(line.toLowerCase()) ? paging.next : BACK.has(line.toLowerCase()) ? paging.prev : undefined;
      if (MORE.has(line.toLowerCase()) || BACK.has(line.toLowerCase())) {
        reply = action ? await runCommand(action.command, action.args, context) : { kind: 'error', text: ['There is no other page to show.'] };
      } else {
        reply = await runLine(line, context);
      }
      if (reply.kind === 'papers') paging = { ...(reply.next ? { next: reply.next } : {}), ...(reply.prev ? { prev: reply.prev } : {}) };
      say(renderReply(reply, style));
      if (!interactive) say('');
    }
    if (interactive) lines.prompt();
  }
  lines.close();
}
