import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from './support/bot.js';
import { spawnPaperbot } from './support/cli.js';
import { type FakeDiscord, startFakeDiscord } from './support/fake-discord.js';
import { type FakeSources, startFakeSources } from './support/fake-sources.js';

// Nothing in the bundled seeds mentions it, so a paper on it can only come from arXiv.
const TOPIC = 'mechanistic interpretability';
const TITLE = 'Sparse Circuits: Mechanistic Interpretability of Small Transformer Language Models';

let discord: FakeDiscord;
let sources: FakeSources;

/** Starts `paperbot start` against the stand-ins, with the given extra settings. */
function startPaperbot(env: Record<string, string> = {}) {
  const child = spawnPaperbot(['start'], {
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    DATA_DIR: tempDir(),
    ARXIV_API_URL: sources.arxivApiUrl,
    HF_API_URL: sources.hfApiUrl,
    ...env,
  });
  // Reaped whatever happened in the test: killed if still running, and waited for.
  onTestFinished(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  });
  const output = { stderr: '' };
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  return { child, output };
}

/** A Slack Web API that takes requests and never answers: the Slack adapter stays connecting. */
async function silentSlack() {
  const server = createServer(() => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
}
beforeAll(async () => {
  [discord, sources] = await Promise.all([startFakeDiscord(), startFakeSources()]);
  sources.publish([
    {
      id: '2603.01234',
      title: TITLE,
      summary: 'We apply mechanistic interpretability to small transformers and find sparse circuits for arithmetic.',
      authors: ['Ada Lovelace', 'Alan Turing'],
      category: 'cs.LG',
      published: '2026-03-02T17:00:00Z',
    },
  ]);
});
afterAll(async () => {
  await Promise.all([discord?.close(), sources?.close()]);
});

describe('`paperbot start` on a platform fetches fresh papers without INGEST_SOURCES', () => {
  it('fetches a newly subscribed topic from arXiv, and /paper then finds the fetched paper', async () => {
    const { child, output } = startPaperbot();
    await expect.poll(() => output.stderr, { timeout: 20_000 }).toMatch(/discord connected/);

    const subscribed = await discord.send(discord.command('subscribe', [{ name: 'topic', value: TOPIC }]));
    expect(subscribed.body.data.content).toMatch(/fetching the newest arXiv papers/);
    await expect.poll(sources.searches).toContainEqual(expect.stringContaining(`all:"${TOPIC}"`));
    await expect.poll(() => output.stderr).toMatch(/topic fetched from arXiv/);

    const found = await discord.finalAnswer(discord.command('paper', [{ name: 'query', value: TOPIC }]));
    expect(found.embeds.map((e: { title: string }) => e.title)).toContain(TITLE);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('fetches for Discord commands while another platform is still connecting', async () => {
    const { output } = startPaperbot({
      SLACK_BOT_TOKEN: 'xoxb-fake',
      SLACK_APP_TOKEN: 'xapp-fake',
      SLACK_API_URL: await silentSlack(),
    });
    await expect.poll(() => output.stderr, { timeout: 20_000 }).toMatch(/discord connected/);
    const subscribed = await discord.send(discord.command('subscribe', [{ name: 'topic', value: 'sparse circuits' }]));
    expect(subscribed.body.data.content).toMatch(/fetching the newest arXiv papers/);
    await expect.poll(sources.searches).toContainEqual(expect.stringContaining('all:"sparse circuits"'));
  });
});
