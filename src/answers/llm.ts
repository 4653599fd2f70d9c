import type OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Config } from '../core/config.js';
import { log } from '../core/log.js';
import type { Paper } from '../core/paper.js';
import { perMinuteLimit } from './rate.js';

export interface LlmSettings {
  /** An OpenAI-compatible API base, e.g. https://api.openai.com/v1 or http://localhost:11434/v1 (Ollama). */
  readonly baseUrl: string;
  readonly model: string;
  /** Local servers (Ollama, llama.cpp) need none. */
  readonly apiKey?: string;
  /** The whole answer, streamed or not, must arrive within this. */
  readonly timeoutMs: number;
  readonly callsPerMinute: number;
}

/** A language model that writes answers from abstracts, behind a per-channel allowance. */
export interface Llm {
  readonly model: string;
  /**
   * The model's answer to the prompt, or undefined when the endpoint fails, times out or says nothing (logged).
   * With `onText` the answer streams, and `onText` gets the text so far after each piece.
   */
  write(prompt: ChatCompletionMessageParam[], onText?: (text: string) => void): Promise<string | undefined>;
  /** Takes one call from the channel's allowance: 0 when allowed, else the ms until the next one is. */
  take(channel: string): number;
}

// An answer is a few sentences; past this the model is rambling, and a chat message would cut it anyway.
const MAX_ANSWER_LENGTH = 3000;
// Enough of each abstract to answer from, while five of them stay a small prompt.
const MAX_ABSTRACT_LENGTH = 2000;

const SYSTEM = [
  'You answer questions about research papers using only the numbered abstracts you are given, never anything else you know.',
  'End every sentence with the number of the abstract it comes from in square brackets, like [1] or [2][3].',
  'If the abstracts do not answer the question, say so in one sentence citing the closest abstract.',
  'Answer in at most five sentences of plain text: no headings, lists or markdown.',
].join(' ');

/** The prompt: the numbered abstracts, then the question. Citation [n] means the n-th paper given. */
export function promptFor(question: string, papers: readonly Paper[]): ChatCompletionMessageParam[] {
  const abstracts = papers
    .map((paper, i) => `[${i + 1}] ${paper.title}\n${paper.abstract.slice(0, MAX_ABSTRACT_LENGTH)}`)
    .join('\n\n');
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `Abstracts:\n\n${abstracts}\n\nQuestion: ${question}` },
  ];
}

export function createLlm(settings: LlmSettings): Llm {
  // Loaded at the first question: the client is 150 modules, which a search or a start without an LLM never needs.
  // No retries: a failed call falls back to the extractive answer at once instead of keeping the asker waiting.
  let openai: Promise<OpenAI> | undefined;
  const clientOf = () =>
    (openai ??= import('openai').then(
      ({ default: OpenAI }) =>
        new OpenAI({ baseURL: settings.baseUrl, apiKey: settings.apiKey ?? 'none', maxRetries: 0 }),
    ));
  const limit = perMinuteLimit(settings.callsPerMinute);
  const { model, timeoutMs } = settings;

  async function write(prompt: ChatCompletionMessageParam[], onText?: (text: string) => void) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const started = performance.now();
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    try {
      const client = await clientOf();
      const options = { signal: controller.signal, timeout: timeoutMs };
      if (onText) {
        const stream = await client.chat.completions.create(
          { model, messages: prompt, stream: true, stream_options: { include_usage: true } },
          options,
        );
        for await (const chunk of stream) {
          usage = chunk.usage ?? usage;
          const piece = chunk.choices[0]?.delta?.content;
          if (!piece) continue;
          text += piece;
          onText(text);
          if (text.length > MAX_ANSWER_LENGTH) break;
        }
      } else {
        const completion = await client.chat.completions.create({ model, messages: prompt }, options);
        text = completion.choices[0]?.message?.content ?? '';
        usage = completion.usage;
      }
      log.info(
        {
          model,
          promptTokens: usage?.prompt_tokens,
          completionTokens: usage?.completion_tokens,
          totalTokens: usage?.total_tokens,
          ms: Math.round(performance.now() - started),
        },
        'llm answered',
      );
      return text.trim() || undefined;
    } catch (error) {
      const reason = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : (error as Error).message;
      log.warn({ model, reason }, 'llm failed; answering from the abstracts instead');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  return { model, write, take: (channel) => limit.take(channel) };
}

/** The configured model, or undefined when LLM_MODEL is unset (answers are then extractive only). */
export function llmFromConfig(config: Config): Llm | undefined {
  if (!config.LLM_MODEL) return undefined;
  return createLlm({
    baseUrl: config.LLM_BASE_URL,
    model: config.LLM_MODEL,
    ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}),
    timeoutMs: config.LLM_TIMEOUT_SECONDS * 1000,
    callsPerMinute: config.LLM_CALLS_PER_MINUTE,
  });
}
