import { PassThrough, Writable } from 'node:stream';
import { runConsoleChat } from '../../adapters/console/chat.js';
import { startBot } from '../../src/core/bot.js';
import { loadConfig } from '../../src/core/config.js';
import { tempDir } from './bot.js';

/**
 * The console chat in this process, on the entry and the bot `paperbot start` uses, driven like Errbot's test
 * backend: push a line in, pop its reply out. A real process costs a second of start-up per run; this costs none.
 */
export async function consoleChat(dir = tempDir()) {
  const bot = await startBot(loadConfig({ DATA_DIR: dir }));
  const input = new PassThrough();
  const replies: string[] = [];
  let current = '';
  let replied = () => {};
  // Piped (not interactive) output follows every reply with an empty line, written on its own: that marks its end.
  const output = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      if (chunk === '\n') {
        replies.push(current.replace(/\n$/, ''));
        current = '';
        replied();
      } else {
        current += chunk;
      }
      done();
    },
  });
  const finished = runConsoleChat(bot, { input, output, interactive: false });
  let popped = 0;

  return {
    bot,
    dir,
    /** Types one line, as if piped in. */
    push(line: string): void {
      input.write(`${line}\n`);
    },
    /** The next reply, in the order the lines were pushed; rejects if the chat ends first. */
    async pop(): Promise<string> {
      const ended = finished.then(() => {
        throw new Error(`the chat ended without a reply; it had written: ${JSON.stringify(current)}`);
      });
      while (replies.length <= popped) await Promise.race([new Promise<void>((resolve) => (replied = resolve)), ended]);
      return replies[popped++]!;
    },
    /** Ends the input, as end of file does, and waits until the chat has stored its state and stopped. */
    async close(): Promise<void> {
      input.end();
      await finished;
      bot.ledger.close();
    },
  };
}

export type ConsoleChat = Awaited<ReturnType<typeof consoleChat>>;
