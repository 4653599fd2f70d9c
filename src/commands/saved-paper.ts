import { channelKey } from '../core/channel.js';
import { normaliseTitle, type Paper } from '../core/paper.js';
import { arxivIdOf } from '../core/paper-ref.js';
import type { ReadingListEntry, Reply } from '../core/reply.js';
import type { CommandContext } from './command.js';
import { namedPaper } from './named-paper.js';

/** The channel's saved papers with the papers themselves, newest saved first; one the library lost is left out. */
export function savedEntries({ bot, channel }: CommandContext): ReadingListEntry[] {
  return bot.readingList.list(channelKey(channel)).flatMap((saved) => {
    const paper = bot.index.get(bot.index.canonicalId(saved.paperId));
    return paper ? [{ paper, saved }] : [];
  });
}

/**
 * The paper a person named, looked for on the channel's list first (by id, or by words of its title, so
 * "/paper read diffusion" finds the saved diffusion paper), then in the whole library.
 */
export async function savedPaperNamed(wanted: string, context: CommandContext): Promise<Paper | Reply> {
  const entries = savedEntries(context);
  const id = arxivIdOf(wanted) ?? wanted.trim();
  const byId = entries.find(({ paper }) => paper.id === context.bot.index.canonicalId(id));
  if (byId) return byId.paper;
  const words = normaliseTitle(wanted);
  const byTitle = entries.filter(({ paper }) => normaliseTitle(paper.title).includes(words));
  const exact = byTitle.find(({ paper }) => normaliseTitle(paper.title) === words);
  const match = exact ?? (byTitle.length === 1 ? byTitle[0] : undefined);
  if (match) return match.paper;
  return namedPaper(wanted, context);
}
