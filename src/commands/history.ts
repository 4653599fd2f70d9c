import { z } from 'zod';
import type { Bot } from '../core/bot.js';
import { type Channel, channelKey } from '../core/channel.js';
import type { Paper, PaperId } from '../core/paper.js';
import { indexTerms, isStopWord, nameParts, termsOfWord, words } from '../core/text.js';
import { plainHit } from '../search/plain-hit.js';
import { MAX_QUERY_LENGTH, optionalText, page, quote } from './args.js';
import { define } from './command.js';
import { pageOf, pageWindow } from './pages.js';

/**
 * Every paper the channel has had, newest first, each once: its daily posts, the links unfolded in it and its
 * reading list. Dates are compared as ISO strings, a daily post's by its local date.
 */
function shownPapers(bot: Bot, channel: Channel): Paper[] {
  const key = channelKey(channel);
  const iso = (ms: number) => new Date(ms).toISOString();
  const entries: { paperId: PaperId; at: string }[] = [
    ...bot.ledger.sentPosts(key).map((post) => ({ paperId: post.paperId ?? '', at: iso(post.claimedAt) })),
    ...bot.ledger.shown(key).map((shown) => ({ paperId: shown.paperId, at: iso(shown.at) })),
    ...bot.readingList.list(key).map((saved) => ({ paperId: saved.paperId, at: iso(saved.savedAt) })),
  ];
  entries.sort((a, b) => b.at.localeCompare(a.at));
  const papers = new Map<PaperId, Paper>();
  for (const { paperId } of entries) {
    const paper = bot.index.get(bot.index.canonicalId(paperId));
    if (paper && !papers.has(paper.id)) papers.set(paper.id, paper);
  }
  return [...papers.values()];
}

/** Whether every word of the query is a word of the paper (title, abstract or authors), stemmed alike. */
function matcher(query: string): (paper: Paper) => boolean {
  const wanted = words(query)
    .filter((word) => !isStopWord(word.text))
    .map((word) => termsOfWord(word.text));
  return (paper) => {
    const text = `${paper.title}\n${paper.abstract}\n${(paper.authors ?? []).join(', ')}`;
    const terms = new Set([...indexTerms(text), ...nameParts(text)]);
    return wanted.every((variants) => variants.some((term) => terms.has(term)));
  };
}

export const history = define({
  name: 'history',
  helpAsPaperSubcommand: true,
  description: 'Search what this channel has been shown and saved (daily papers, unfolded links, reading list).',
  surfaces: ['console', 'discord', 'slack', 'shell'],
  args: z.object({ query: optionalText(MAX_QUERY_LENGTH, 'words to look for (optional)'), page }),
  access: 'anyone',
  async run({ query, page: pageNumber }, context) {
    const { bot, channel } = context;
    const all = shownPapers(bot, channel);
    const found = query ? all.filter(matcher(query)) : all;
    if (found.length === 0) {
      const none = query
        ? ['Nothing this channel was shown or saved matches ', quote(query), '.']
        : ['This channel has not been shown or saved any papers yet.'];
      return { kind: 'notice', text: none };
    }
    const window = pageWindow(pageNumber, context);
    const hits = found.slice(window.offset, window.offset + window.limit).map(plainHit);
    const heading = query ? ["This channel's papers matching ", quote(query)] : ["This channel's papers, newest first"];
    const action = (p: number) => ({ command: 'history', args: { ...(query ? { query } : {}), page: p } });
    return pageOf({ total: found.length, hits }, heading, window, action);
  },
});
