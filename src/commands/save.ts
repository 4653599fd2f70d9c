import { z } from 'zod';
import { channelKey } from '../core/channel.js';
import { arxivIdOf } from '../core/paper-ref.js';
import type { RichText } from '../core/reply.js';
import { cleanInput } from '../core/text.js';
import { syncToZotero, type ZoteroSync } from '../team/zotero-sync.js';
import { MAX_QUERY_LENGTH, optionalText, quote, text } from './args.js';
import { define } from './command.js';
import { isReply, namedPaper } from './named-paper.js';
import { suggestPapers } from './suggest.js';

export const MAX_NOTE_LENGTH = 500;

/**
 * A typed line as paper and note: `"A title" note`, or an id or link then the note; otherwise the whole line
 * names the paper (a title has no end a note could start after).
 */
export function paperAndNote(typed: string): Record<string, string> {
  const line = cleanInput(typed);
  const quotedTitle = /^["“](.+?)["”]\s*(.*)$/.exec(line);
  if (quotedTitle) return { paper: quotedTitle[1]!, note: quotedTitle[2]! };
  const [first = '', ...rest] = line.split(' ');
  if (arxivIdOf(first)) return { paper: first, note: rest.join(' ') };
  return { paper: line };
}

/** A line about Zotero after the save, where Zotero has anything to say. */
function zoteroLine(sync: ZoteroSync, library: string | undefined): RichText {
  switch (sync.status) {
    case 'off':
    case 'already':
      return [];
    case 'saved':
      return [` Added to Zotero (${library}) too.`];
    case 'refused':
      return [
        ` Zotero refused the key (${sync.reason}): check ZOTERO_API_KEY and that it may write to ${library}. The paper is saved here all the same.`,
      ];
    case 'failed':
      return [` It is not in Zotero yet (${sync.reason}); saving it again retries.`];
  }
}

export const save = define({
  name: 'save',
  helpAsPaperSubcommand: true,
  description: "Save a paper to this channel's reading list, with a note if you like (the Save button does it too).",
  surfaces: ['console', 'discord', 'slack', 'shell'],
  changesState: true,
  args: z.object({
    paper: text(MAX_QUERY_LENGTH, 'a paper title, arXiv id or link'),
    note: optionalText(MAX_NOTE_LENGTH, 'a note for the team: why read it'),
  }),
  parseText: paperAndNote,
  hint: '<paper, id or link> [note]',
  access: 'anyone',
  suggest: { paper: (typed, { bot }) => suggestPapers(bot, typed) },
  async run({ paper: wanted, note }, context) {
    const paper = await namedPaper(wanted, context);
    if (isReply(paper)) return paper;
    const { bot, channel, user } = context;
    const { added, entry } = bot.readingList.save({
      channel: channelKey(channel),
      paperId: paper.id,
      savedBy: user ?? channel.platform,
      ...(note ? { note } : {}),
      now: bot.now().getTime(),
    });
    const sync = await syncToZotero(bot.zotero, bot.readingList, entry, paper);
    const said: RichText = added
      ? ['Saved ', quote(paper.title), " to this channel's reading list", note ? ' with your note.' : '.']
      : [quote(paper.title), " is already on this channel's reading list", note ? '; its note is updated.' : '.'];
    return { kind: 'notice', text: [...said, ...zoteroLine(sync, bot.zotero?.library)] };
  },
});
