import { webApi } from '@slack/bolt';
import { slackLogger } from '../../adapters/slack/logger.js';
import { slackSender } from '../../adapters/slack/sender.js';
import { channelKey } from '../../src/core/channel.js';
import type { PostOutcome } from '../../src/daily/service.js';
import { tempDir, testBot } from './bot.js';
import type { FakeSlack } from './fake-slack.js';

export interface FanOutOptions {
  readonly channels: number;
  /** The fake answers 429 to every n-th Web API call… */
  readonly rateLimitEvery: number;
  /** …asking the client to wait this long before it retries. */
  readonly retryAfterSeconds: number;
  /** The Web API client's own backoff between attempts; its default waits a second or more. */
  readonly retryConfig?: webApi.RetryOptions;
}

export interface FanOut {
  readonly channels: readonly string[];
  readonly results: ReadonlyMap<string, PostOutcome>;
  /** Messages the fake holds per channel, in the order of `channels`. */
  readonly posts: readonly number[];
  /** Web API calls the fake answered, 429s included. */
  readonly apiCalls: number;
}

const TOPICS = ['style transfer', 'gan inversion', 'virtual try-on'];

/**
 * One daily round for many Slack channels at once, through the real sender and Web API client, against a fake
 * that rate-limits: the test runs it small, `npm run bench` at 1,000 channels.
 */
export async function slackFanOut(slack: FakeSlack, options: FanOutOptions): Promise<FanOut> {
  const bot = await testBot(tempDir(), () => new Date('2026-11-28T10:00:00Z'));
  const client = new webApi.WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    logger: slackLogger(),
    ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
  });
  bot.daily.useSender('slack', slackSender(client));
  const channels = Array.from({ length: options.channels }, (_, i) => `CFAN${i}`);
  await bot.store.update((state) => {
    for (const [i, id] of channels.entries()) {
      const channel = channelKey({ platform: 'slack', id });
      state.subscriptions.push({ channel, topic: TOPICS[i % TOPICS.length]!, since: '2026-11-01T00:00:00.000Z' });
    }
  });
  const callsBefore = slack.calls.length;
  slack.rateLimitEvery(options.rateLimitEvery, options.retryAfterSeconds);
  try {
    const results = await bot.daily.runDue();
    const posts = channels.map((id) => slack.channelMessages.get(id)?.length ?? 0);
    return { channels, results, posts, apiCalls: slack.calls.length - callsBefore };
  } finally {
    slack.rateLimitEvery(0);
    bot.ledger.close();
  }
}
