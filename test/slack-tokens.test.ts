import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from './support/bot.js';
import { type Run, spawnPaperbot } from './support/cli.js';
import { type FakeSlackOptions, startFakeSlack } from './support/fake-slack.js';

/** `paperbot start` against a fake Slack; a run still going after `limitMs` is killed (a retry loop) and fails. */
async function start(env: Record<string, string>, limitMs = 20_000): Promise<Run> {
  const child = spawnPaperbot(['start'], { DATA_DIR: tempDir(), LOG_LEVEL: 'silent', ...env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  onTestFinished(() => clearTimeout(timer));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

async function fakeSlack(options: FakeSlackOptions = {}) {
  const fake = await startFakeSlack(options);
  onTestFinished(() => fake.close());
  return fake;
}

describe.concurrent('Slack tokens at start', () => {
  it.each([
    ['SLACK_BOT_TOKEN', { SLACK_BOT_TOKEN: 'garbage', SLACK_APP_TOKEN: 'xapp-fake' }, 'is not a bot token'],
    ['SLACK_APP_TOKEN', { SLACK_BOT_TOKEN: 'xoxb-fake', SLACK_APP_TOKEN: 'xoxb-fake' }, 'is not an app-level token'],
  ])('refuses a %s of the wrong kind before calling Slack', async (name, tokens, problem) => {
    const fake = await fakeSlack();
    const run = await start({ ...tokens, SLACK_API_URL: fake.apiUrl });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^paperbot: configuration: ${name} ${problem}: [^\\n]+\\n$`));
    expect(run.stderr).not.toContain(tokens[name as keyof typeof tokens]);
    expect(fake.calls).toEqual([]);
  });

  it('stops with one line when Slack rejects the bot token (auth.test), without retrying', async () => {
    const fake = await fakeSlack({ rejected: { bot: 'invalid_auth' } });
    const run = await start({
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_APP_TOKEN: fake.appToken,
      SLACK_API_URL: fake.apiUrl,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^paperbot: Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)[^\n]*\n$/);
    expect(fake.calls.map((c) => c.method)).toEqual(['auth.test']);
  });

  it.each(['token_revoked', 'not_allowed_token_type'])(
    'stops with one line when Slack refuses the app token (%s) instead of retrying it for ever',
    async (error) => {
      const fake = await fakeSlack({ rejected: { app: error } });
      const run = await start({
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_APP_TOKEN: fake.appToken,
        SLACK_API_URL: fake.apiUrl,
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^paperbot: Slack rejected SLACK_APP_TOKEN \\(${error}\\)[^\\n]*\\n$`));
      expect(fake.calls.filter((c) => c.method === 'apps.connections.open')).toHaveLength(1);
    },
  );
});
