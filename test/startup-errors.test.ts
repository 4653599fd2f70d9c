import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../src/core/errors.js';
import { ensureDataDir } from '../src/state/data-dir.js';
import { tempDir } from './support/bot.js';
import { paperbot, spawnPaperbot } from './support/cli.js';

const failing = (code: string) => () => Promise.reject(Object.assign(new Error(`${code}: from the test`), { code }));

describe('a DATA_DIR paperbot cannot use', () => {
  it.each([
    ['read-only', 'EROFS', 'read-only file system'],
    ['on a full disk', 'ENOSPC', 'no space left on device'],
    ['not ours', 'EACCES', 'permission denied'],
  ])('is named with the cause when it is %s', async (_what, code, reason) => {
    const dir = join(tempDir(), 'data');
    const io = { mkdir: async () => undefined, writeFile: failing(code) };
    const checking = ensureDataDir(dir, { io });
    await expect(checking).rejects.toBeInstanceOf(StartupError);
    await expect(checking).rejects.toThrow(`cannot write to DATA_DIR ${dir} (${reason})`);
  });

  it('that cannot be created is named with the cause', async () => {
    const dir = join(tempDir(), 'data');
    const io = { mkdir: failing('EROFS'), writeFile: async () => undefined };
    await expect(ensureDataDir(dir, { io })).rejects.toThrow(`cannot create DATA_DIR ${dir} (read-only file system)`);
  });

  it('leaves nothing behind when it is fine, and creates missing parents', async () => {
    const dir = join(tempDir(), 'missing', 'parents', 'data');
    await ensureDataDir(dir);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe.concurrent('paperbot at start', () => {
  it.each([
    ['is a file', 'search gan', (root: string) => join(root, 'file'), 'it is a file, not a folder'],
    ['is a file', 'daily status', (root: string) => join(root, 'file'), 'it is a file, not a folder'],
    ['is under a file', 'chat', (root: string) => join(root, 'file', 'data'), 'a parent of it is a file, not a folder'],
  ])('ends with one line and status 2 when DATA_DIR %s (%s)', async (_what, command, dataDir, reason) => {
    const root = tempDir();
    writeFileSync(join(root, 'file'), 'not a folder');
    const dir = dataDir(root);
    const run = await paperbot(command.split(' '), { env: { DATA_DIR: dir } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`paperbot: cannot create DATA_DIR ${dir} (${reason})\n`);
  });

  it('creates a DATA_DIR whose parents are missing', async () => {
    const dir = join(tempDir(), 'a', 'b', 'data');
    const run = await paperbot(['daily', 'status'], { env: { DATA_DIR: dir, LOG_LEVEL: 'silent' } });
    expect(run.code).toBe(0);
    expect(existsSync(dir)).toBe(true);
  });

  it('ends quietly with status 0 when stdout is closed early (`paperbot search x | head -c 100`)', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const child = spawnPaperbot(['search', 'gan', '--limit', '20'], { DATA_DIR: dir, LOG_LEVEL: 'silent' });
    // The reader goes away before paperbot writes: its write meets a closed pipe.
    child.stdout.destroy();
    child.stdin.end();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
