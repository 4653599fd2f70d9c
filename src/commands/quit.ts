import { z } from 'zod';
import { define } from './command.js';

export const quit = define({
  name: 'quit',
  aliases: ['exit'],
  description: 'Leave the chat.',
  surfaces: ['console'],
  args: z.object({}),
  access: 'anyone',
  async run(_args, { conversation }) {
    conversation?.end();
    return { kind: 'notice', text: ['Bye.'] };
  },
});
