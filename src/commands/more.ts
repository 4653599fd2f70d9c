import { z } from 'zod';
import { define } from './command.js';
import { NO_OTHER_PAGE } from './pages.js';

export const more = define({
  name: 'more',
  aliases: ['next'],
  description: 'Show the next page of the last list of papers.',
  surfaces: ['console'],
  args: z.object({}),
  access: 'anyone',
  run: async (_args, { conversation }) => (await conversation?.turnPage('next')) ?? NO_OTHER_PAGE,
});
