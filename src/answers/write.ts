import type { CommandContext } from '../commands/command.js';
import { channelKey } from '../core/channel.js';
import { log } from '../core/log.js';
import type { Paper } from '../core/paper.js';
import type { LlmFallback, Reply } from '../core/reply.js';
import { sentences } from '../core/text.js';
import { type CitedSentence, checkCitations } from './citations.js';
import { promptFor } from './llm.js';

/** How many of the best-matching papers the model reads for a question about the whole library. */
export const PAPERS_FOR_MODEL = 5;

/** What /paper summarize asks the model about the one paper it is given. */
export const SUMMARY_REQUEST = 'Summarize this paper in three sentences: its problem, its method and its result.';

/** What asking the model came to: no model configured, its answer, or why the quoted answer stands instead. */
export type Written =
  | { readonly kind: 'off' }
  | { readonly kind: 'written'; readonly reply: Reply }
  | { readonly kind: 'fallback'; readonly fallback: LlmFallback };

/** The text up to its last sentence, which may still be growing (and gaining its citation). */
function completeSentences(text: string): string {
  const last = sentences(text).at(-1);
  return last ? text.slice(0, last.start) : '';
}

/**
 * Has the configured model answer from these papers only, within the channel's allowance. While it writes,
 * each new whole sentence that cites a given paper goes to `context.progress`, so adapters can show it.
 */
export async function writeAnswer(
  question: string,
  papers: readonly Paper[],
  context: CommandContext,
): Promise<Written> {
  const llm = context.bot.llm;
  if (!llm || papers.length === 0) return { kind: 'off' };
  const wait = llm.take(channelKey(context.channel));
  if (wait > 0) {
    log.info({ channel: context.channel, waitMs: wait }, 'llm allowance used up; answering from the abstracts');
    return { kind: 'fallback', fallback: { reason: 'busy', retryAfterSeconds: Math.ceil(wait / 1000) } };
  }
  const reply = (cited: readonly CitedSentence[], writing: boolean): Reply => ({
    kind: 'written-answer',
    question,
    sentences: cited,
    model: llm.model,
    ...(writing ? { writing } : {}),
  });
  const progress = context.progress;
  let shown = 0;
  const onText =
    progress &&
    ((text: string) => {
      const cited = checkCitations(completeSentences(text), papers).sentences;
      if (cited.length > shown) {
        shown = cited.length;
        progress(reply(cited, true));
      }
    });
  const text = await llm.write(promptFor(question, papers), onText);
  const checked = text === undefined ? undefined : checkCitations(text, papers);
  if (checked && (checked.dropped > 0 || checked.foreign.length > 0))
    log.info(
      { channel: context.channel, dropped: checked.dropped, foreign: checked.foreign },
      'llm cited papers it was not given; removed',
    );
  if (!checked?.sentences.length) return { kind: 'fallback', fallback: { reason: 'failed' } };
  return { kind: 'written', reply: reply(checked.sentences, false) };
}

/** The model's answer from the papers that best match the question. */
export async function writeAnswerFromSearch(question: string, context: CommandContext): Promise<Written> {
  if (!context.bot.llm) return { kind: 'off' };
  const { hits } = await context.bot.search('search', question, { limit: PAPERS_FOR_MODEL, snippets: false });
  return writeAnswer(
    question,
    hits.map((hit) => hit.paper),
    context,
  );
}

/** The quoted answer, noting why it stands instead of the model's. */
export const withFallback = <R extends Reply & { kind: 'answer' | 'no-answer' }>(reply: R, written: Written): R =>
  written.kind === 'fallback' ? { ...reply, fallback: written.fallback } : reply;
