import type { ChannelKey } from '../core/channel.js';
import { log } from '../core/log.js';
import type { RichText } from '../core/reply.js';
import { claimFor, type Ledger } from './ledger.js';
import type { NoticeReply, Sender } from './service.js';

/** What a channel is told the first day it gets no paper: why, and what to do about it. */
export function dryNoticeReply(reason: string, hasTopics: boolean): NoticeReply {
  const advice: RichText = hasTopics
    ? [
        'Follow broader or more topics with /subscribe <topic> (see /subscriptions);',
        ' the daily paper resumes as soon as a new paper matches.',
      ]
    : ['The daily paper resumes when new papers arrive; or follow a topic with /subscribe <topic>.'];
  // Said once: the ledger keeps it from being repeated until the channel has had a post again.
  const once = ' This notice is not repeated.';
  return { kind: 'notice', text: ['No daily paper today: ', { untrusted: reason }, '. ', ...advice, once] };
}

export interface DryDay {
  readonly key: ChannelKey;
  readonly channelId: string;
  readonly localDate: string;
  readonly reason: string;
  readonly hasTopics: boolean;
}

/**
 * Tells a channel once that its daily post ran dry, through the sender daily posts go through. The ledger
 * holds the notice until the channel's next post, so it is not repeated every day; one that fails is dropped
 * there, so the next dry day tries again.
 */
export async function tellDry(
  sender: Sender | undefined,
  ledger: Ledger,
  day: DryDay,
  now: () => Date,
): Promise<boolean> {
  if (!sender || !ledger.claimDryNotice(day.key, day.localDate, day.reason, now().getTime())) return false;
  try {
    const reply = dryNoticeReply(day.reason, day.hasTopics);
    await sender.send({
      channelId: day.channelId,
      reply,
      claim: claimFor(day.key, day.localDate),
      localDate: day.localDate,
      resume: false,
    });
    log.info({ channel: day.key, date: day.localDate }, 'told the channel its daily paper ran dry');
    return true;
  } catch (error) {
    ledger.dropDryNotice(day.key, day.localDate);
    log.warn({ channel: day.key, err: error }, 'could not tell the channel its daily paper ran dry; will try again');
    return false;
  }
}
