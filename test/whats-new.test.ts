import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runLine } from '../src/commands/dispatch.js';
import { startBot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import type { Reply } from '../src/core/reply.js';
import { ingestResult } from '../src/ingest/ingest.js';
import { readHfDailyPapers } from '../src/ingest/sources/hf-daily.js';
import { indexLibrary } from '../src/search/paper-index.js';
import { contextFor, tempDir } from './support/bot.js';

const hfFeed = readFileSync(new URL('./fixtures/captured/hf-daily-papers.json', import.meta.url), 'utf8');

/** A bot on the seeds plus the captured Hugging Face day, on the day after it. */
async function botWithHfDay() {
  const now = () => new Date('2026-06-12T10:00:00Z');
  const bot = await startBot(loadConfig({ DATA_DIR: tempDir() }), now);
  ingestResult(bot.library, readHfDailyPapers(hfFeed), now().getTime());
  bot.useIndex(indexLibrary(bot.library));
  return bot;
}

const titles = (reply: Reply) => (reply.kind === 'papers' ? reply.hits.map((hit) => hit.paper.title) : []);

describe("what's new", () => {
  it("/paper trending lists the last week's Hugging Face papers by upvotes", async () => {
    const bot = await botWithHfDay();
    const reply = await runLine('/paper trending', contextFor(bot));
    expect(titles(reply).slice(0, 2)).toEqual([
      'EvoArena: Tracking Memory Evolution for Robust LLM Agents in Dynamic Environments',
      'MiniMax Sparse Attention',
    ]);
    // Published on 30 May: more than a week before.
    expect(titles(reply)).not.toContain(
      'On the Limits of LLM Adaptability: Impact of Model-Internalized Priors on Annotation Task Performance',
    );
  });

  it('/paper trending says why it is empty on the offline seeds', async () => {
    const bot = await startBot(loadConfig({ DATA_DIR: tempDir() }));
    const reply = await runLine('/paper trending', contextFor(bot));
    expect(reply).toMatchObject({ kind: 'notice' });
    expect(JSON.stringify(reply)).toContain('offline');
  });

  it('/paper new lists the newest papers first, and on a topic only papers about it', async () => {
    const bot = await botWithHfDay();
    const newest = await runLine('/paper new', contextFor(bot));
    const dates = newest.kind === 'papers' ? newest.hits.map((hit) => hit.paper.published ?? '') : [];
    expect(dates.length).toBe(5);
    expect(dates).toEqual([...dates].sort().reverse());
    const onTopic = await runLine('/paper new virtual try-on', contextFor(bot));
    expect(titles(onTopic)).toHaveLength(3);
    for (const title of titles(onTopic)) expect(title.toLowerCase()).toMatch(/try-on/);
  });

  it('/paper with an arXiv id or link shows that paper, and similar names the paper it starts from', async () => {
    const bot = await botWithHfDay();
    for (const line of ['/paper 2606.13392', '/paper https://arxiv.org/abs/2606.13392v2', '/paper arXiv:2606.13392']) {
      expect(titles(await runLine(line, contextFor(bot)))).toEqual(['MiniMax Sparse Attention']);
    }
    const similar = await runLine('/paper similar https://huggingface.co/papers/2606.13392', contextFor(bot));
    expect(similar.kind === 'papers' && similar.heading).toEqual([
      'Papers like ',
      { untrusted: 'MiniMax Sparse Attention' },
    ]);
    expect(titles(similar)).not.toContain('MiniMax Sparse Attention');
  });

  it('an id the offline library lacks says so instead of showing other papers', async () => {
    const bot = await botWithHfDay();
    const reply = await runLine('/paper 1712.07084', contextFor(bot));
    expect(reply.kind).toBe('error');
    expect(JSON.stringify(reply)).toContain('1712.07084');
  });
});
