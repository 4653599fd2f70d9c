import type { Bot } from '../core/bot.js';
import { type Channel, channelKey } from '../core/channel.js';
import type { Paper } from '../core/paper.js';
import { arxivIdOf } from '../core/paper-ref.js';
import type { Reply } from '../core/reply.js';
import { shortAbstract } from '../core/text.js';
import { findPaper } from './find-paper.js';

// A message rarely means more than a few papers; past these, it is a list being pasted, not a link to show.
export const MAX_UNFOLDED = 3;
// Shorter than a daily post's abstract: an unfolded link sits inside a conversation.
const UNFOLDED_ABSTRACT = 300;
const URL_IN_TEXT = /https?:\/\/[^\s<>|]+/gi;
const OPENREVIEW = /^https?:\/\/(?:www\.)?openreview\.net\/(?:forum|pdf)\?(?:.*&)?id=([\w-]+)/i;

/** A pasted link to a paper's page: arXiv (abs, pdf, html), Hugging Face papers, or an OpenReview forum. */
export const isPaperLink = (url: string): boolean => Boolean(arxivIdOf(url) ?? OPENREVIEW.exec(url));

/** The paper links in a message's text, each once, at most MAX_UNFOLDED; trailing punctuation is not the link's. */
export function paperLinksIn(text: string): string[] {
  const urls = [...text.matchAll(URL_IN_TEXT)].map((m) => m[0].replace(/[.,;:!?)\]'"]+$/, ''));
  return [...new Set(urls.filter(isPaperLink))].slice(0, MAX_UNFOLDED);
}

/** A paper whose own links or abstract carry the OpenReview forum id: the library knows it by that link. */
async function byOpenReviewId(bot: Bot, id: string): Promise<Paper | undefined> {
  const mentions = (paper: Paper) =>
    [paper.abstract, ...Object.values(paper.links).flat()].some((text) => text?.includes(`id=${id}`));
  const { hits } = await bot.search('search', id, { limit: 10, snippets: false });
  return hits.find((hit) => mentions(hit.paper))?.paper;
}

/**
 * The paper a link names: an arXiv or Hugging Face link by its arXiv id (fetched when the library lacks it and
 * this process fetches), an OpenReview link only if the library knows the paper by that link or by the title
 * written beside it; otherwise none, and the link is left alone.
 */
export async function paperOfLink(bot: Bot, url: string, title?: string): Promise<Paper | undefined> {
  if (arxivIdOf(url)) {
    const found = await findPaper(bot.index, bot.feeds, url);
    return found.status === 'found' ? found.paper : undefined;
  }
  const forum = OPENREVIEW.exec(url)?.[1];
  if (!forum) return undefined;
  return (await byOpenReviewId(bot, forum)) ?? (title ? bot.index.byTitle(title) : undefined);
}

/**
 * Unfolds a link into the paper's card. A link posted in a channel (`shownIn`) is recorded there: its history
 * finds it and its daily post never repeats it; a link still being typed is not. Undefined when the link names
 * no paper the bot knows.
 */
export async function unfold(
  bot: Bot,
  url: string,
  { shownIn, title }: { shownIn?: Channel; title?: string } = {},
): Promise<Reply | undefined> {
  const paper = await paperOfLink(bot, url, title);
  if (!paper) return undefined;
  if (shownIn) bot.ledger.recordShown(channelKey(shownIn), paper.id, url, bot.now().getTime());
  return { kind: 'unfolded', paper, abstract: shortAbstract(paper.abstract, UNFOLDED_ABSTRACT) };
}
