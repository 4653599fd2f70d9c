import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from './support/bot.js';
import { spawnPaperbot } from './support/cli.js';
import { type FakeSlack, slashCommand, startFakeSlack } from './support/fake-slack.js';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => fake?.close());

describe('`paperbot start` with Slack variables', () => {
  it('connects in Socket Mode, answers /paper virtual try-on, and shuts down cleanly on SIGINT', async () => {
    const child = spawnPaperbot(['start'], {
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_APP_TOKEN: fake.appToken,
      SLACK_API_URL: fake.apiUrl,
      DATA_DIR: tempDir(),
    });
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    await fake.until(() => fake.connected(), 20_000);
    await expect.poll(() => stderr, { timeout: 20_000 }).toMatch(/slack connected/);

    await fake.sendEnvelope('slash_commands', slashCommand('virtual try-on', fake.responseUrl()));
    await fake.until(() => fake.calls.some((c) => c.method === 'chat.postMessage'));
    const post = fake.calls.find((c) => c.method === 'chat.postMessage')!;
    const sections = (post.body.blocks as { type: string; text?: { text: string } }[])
      .filter((b) => b.type === 'section')
      .map((b) => b.text!.text);
    expect(sections.slice(0, 3).join('\n')).toMatch(/TryOn-Adapter/);
    expect(sections.slice(0, 3).join('\n')).toMatch(/LaDI-VTON/);
    expect(sections.slice(0, 3).join('\n')).toMatch(/High-Fidelity Virtual Try-on/);

    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(stderr).toMatch(/slack disconnected/);
  });
});
