import { z } from 'zod';
import { channelKey } from '../core/channel.js';
import { define } from './command.js';

export const feedback = define({
  name: 'feedback',
  buttonOnly: true,
  description: 'Rate a daily paper (the 👍 / 👎 buttons).',
  args: z.object({ paper: z.string().min(1), vote: z.enum(['up', 'down']) }),
  access: 'anyone',
  async run({ paper, vote }, { bot, channel, user }) {
    bot.ledger.recordVote(channelKey(channel), paper, user ?? 'anonymous', vote, bot.now().getTime());
    const thanks = vote === 'up' ? 'Thanks! More papers like this one.' : 'Thanks, noted: fewer papers like this one.';
    return { kind: 'notice', private: true, text: [thanks] };
  },
});
