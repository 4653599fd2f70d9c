import { z } from 'zod';
import { define } from './command.js';
import { NO_OTHER_PAGE } from './pages.js';

export const back = define({
  name: 'back',
  aliases: ['prev'],
  description: 'Show the previous page of the last list of papers.',
  surfaces: ['console'],
  args: z.object({}),
  access: 'anyone',
  run: async (_args, { conversation }) => (await conversation?.turnPage('prev')) ?? NO_OTHER_PAGE,
});
