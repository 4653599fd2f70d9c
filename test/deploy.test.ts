import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const packageJson = JSON.parse(read('package.json')) as { bin: Record<string, string> };
/** The built entry: what `npm run build` writes from app/main.ts, and what the `paperbot` command runs. */
const ENTRY = packageJson.bin.paperbot!;

/** The Dockerfile's instructions of its last stage (the image that runs), continuation lines joined. */
function runStage(): { instruction: string; args: string }[] {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));
  const last = lines.findLastIndex((line) => /^FROM\s/i.test(line));
  return lines.slice(last).map((line) => {
    const [instruction, ...args] = line.trim().split(/\s+/);
    return { instruction: instruction!.toUpperCase(), args: args.join(' ') };
  });
}

describe('deployment files', () => {
  it('the Docker image starts the built entry, as a user that is not root, with DATA_DIR on the /data volume', () => {
    expect(ENTRY).toBe('dist/app/main.js');
    expect(existsSync(new URL('../app/main.ts', import.meta.url))).toBe(true);
    const stage = runStage();
    const cmd = stage.filter((i) => i.instruction === 'CMD').at(-1);
    expect(JSON.parse(cmd!.args)).toEqual(['node', ENTRY, 'start']);
    const user = stage.filter((i) => i.instruction === 'USER').at(-1)?.args;
    expect(user).toBeTruthy();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(stage.find((i) => i.instruction === 'ENV')?.args).toMatch(/DATA_DIR=\/data/);
    expect(stage.find((i) => i.instruction === 'VOLUME')?.args).toContain('/data');
    // The run stage installs nothing itself: its node_modules come from the production-only stage.
    expect(stage.some((i) => i.instruction === 'RUN' && /npm (ci|install)/.test(i.args))).toBe(false);
    expect(read('Dockerfile')).toMatch(/npm ci --omit=dev/);
  });

  it('compose.yaml parses, and runs the bot on a data volume beside PostgreSQL 15 with DATABASE_URL wired', () => {
    const compose = parse(read('compose.yaml'));
    const bot = compose.services.paperbot;
    expect(bot.environment.DATA_DIR).toBe('/data');
    expect(bot.volumes).toContain('paperbot-data:/data');
    expect(bot.environment.DATABASE_URL).toMatch(/^postgres:\/\/paperbot:.*@postgres:5432\/paperbot$/);
    expect(compose.services.postgres.image).toBe('postgres:15');
    expect(compose.services.postgres.volumes[0]).toMatch(/^postgres-data:\/var\/lib\/postgresql\/data$/);
    expect(Object.keys(compose.volumes)).toEqual(['paperbot-data', 'postgres-data']);
  });

  it('the systemd unit runs the built entry as its own user, from an environment file, restarted on failure', () => {
    const unit = read('deploy/paperbot.service');
    const setting = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1];
    expect(setting('ExecStart')).toBe(`/usr/bin/node ${ENTRY} start`);
    expect(setting('User')).toBe('paperbot');
    expect(setting('EnvironmentFile')).toBe('/etc/paperbot/paperbot.env');
    expect(setting('Restart')).toBe('on-failure');
    expect(setting('NoNewPrivileges')).toBe('true');
    expect(setting('ProtectSystem')).toBe('strict');
  });
});
