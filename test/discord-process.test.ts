import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from './support/bot.js';
import { paperbot, spawnPaperbot } from './support/cli.js';
import { type FakeDiscord, startFakeDiscord } from './support/fake-discord.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => fake?.close());

describe('`paperbot start` with DISCORD_TOKEN', () => {
  it('connects to Discord instead of the console, answers /paper, and shuts down cleanly on SIGTERM', async () => {
    const child = spawnPaperbot(['start'], {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATA_DIR: tempDir(),
    });
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    await fake.waitFor((r) => r.path === '/gateway/bot', 20_000);
    await expect.poll(() => stderr, { timeout: 20_000 }).toMatch(/discord connected/);

    const answer = await fake.send(fake.command('paper', [{ name: 'query', value: 'virtual try-on' }]));
    expect(
      answer.body.data.embeds
        .slice(0, 3)
        .map((e: { title: string }) => e.title)
        .join('|'),
    ).toMatch(/TryOn-Adapter.*LaDI-VTON|LaDI-VTON.*TryOn-Adapter/);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(stderr).toMatch(/discord disconnected/);
  });

  it('exits non-zero with one clear line when Discord rejects the token', async () => {
    const run = await paperbot(['start'], {
      env: { DISCORD_TOKEN: 'not-the-token', DISCORD_API_URL: fake.apiUrl, DATA_DIR: tempDir(), LOG_LEVEL: 'silent' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'paperbot: Discord rejected DISCORD_TOKEN; copy the bot token again from the developer portal',
    );
  });

  it('registers the commands from the command line', async () => {
    const run = await paperbot(['discord:register', '--guild', '42'], {
      env: { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DATA_DIR: tempDir() },
    });
    expect(run.stdout.trim().split('\n')).toEqual([
      'registered 19 slash commands (guild 42)',
      `invite the bot: https://discord.com/oauth2/authorize?client_id=${fake.applicationId}&scope=bot+applications.commands&permissions=309237730304`,
    ]);
    expect(run.code).toBe(0);
  });
});
