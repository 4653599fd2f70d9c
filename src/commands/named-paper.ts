import type { Paper } from '../core/paper.js';
import type { Reply } from '../core/reply.js';
import { quote } from './args.js';
import type { CommandContext } from './command.js';
import { findPaper } from './find-paper.js';

/** The paper a person named (title, arXiv id or link), or the error reply saying why there is none. */
export async function namedPaper(wanted: string, { bot }: CommandContext): Promise<Paper | Reply> {
  const found = await findPaper(bot.index, bot.feeds, wanted, (text) => bot.search('resolve', text));
  switch (found.status) {
    case 'found':
      return found.paper;
    case 'unknown-id':
      return {
        kind: 'error',
        text: found.offline
          ? [`arXiv:${found.id} is not in the library, and this chat does not fetch papers (it runs offline).`]
          : [`arXiv has no paper ${found.id}. Check the id or link.`],
      };
    case 'unreachable':
      return {
        kind: 'error',
        text: [`I could not fetch arXiv:${found.id} just now (${found.reason}). Try again later.`],
      };
    case 'none':
      return {
        kind: 'error',
        text: ['No paper matches ', quote(wanted), '. Search with /paper first, then use its title or arXiv id.'],
      };
  }
}

export const isReply = (value: Paper | Reply): value is Reply => 'kind' in value;
