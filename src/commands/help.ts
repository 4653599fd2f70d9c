import { z } from 'zod';
import { type Command, define, type Surface } from './command.js';
import { helpEntries } from './usage.js';

/** /help, listing what `typedOn` gives for the asker's chat (the table passes itself in, so no import loop). */
export const helpCommand = (typedOn: (surface: Surface) => readonly Command[]) =>
  define({
    name: 'help',
    description: 'Show the commands.',
    args: z.object({}),
    access: 'anyone',
    async run(_args, { channel }) {
      return { kind: 'help', commands: helpEntries(typedOn(channel.platform)) };
    },
  });
