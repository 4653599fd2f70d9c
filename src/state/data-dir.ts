import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StartupError } from '../core/errors.js';

/** The file system calls the check makes; a test passes failing ones (a full disk cannot be made on demand). */
export interface DirectoryIo {
  mkdir(dir: string, options: { recursive: true }): Promise<unknown>;
  writeFile(file: string, data: string): Promise<void>;
}

export interface CheckOptions {
  /** Whether paperbot will write there (a one-shot search only reads). */
  readonly write?: boolean;
  /** The setting that names the folder, for the message. */
  readonly variable?: string;
  readonly io?: DirectoryIo;
}

const REASONS: Record<string, string> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'a parent folder is missing',
};

async function reasonFor(error: NodeJS.ErrnoException, dir: string): Promise<string> {
  if (error.code === 'EEXIST' || error.code === 'ENOTDIR') {
    const isFile = await stat(dir).then(
      (s) => !s.isDirectory(),
      () => false,
    );
    return isFile ? 'it is a file, not a folder' : 'a parent of it is a file, not a folder';
  }
  return (error.code && REASONS[error.code]) ?? error.message;
}

/**
 * Makes sure paperbot can keep its files in `dir` (creating it and its parents), before anything opens one there:
 * otherwise the first sign is SQLite's "unable to open database file", naming neither the folder nor the cause.
 */
export async function ensureDataDir(
  dir: string,
  { write = true, variable = 'DATA_DIR', io = { mkdir, writeFile } }: CheckOptions = {},
): Promise<void> {
  const path = resolve(dir);
  try {
    await io.mkdir(path, { recursive: true });
  } catch (error) {
    const reason = await reasonFor(error as NodeJS.ErrnoException, path);
    throw new StartupError(`cannot create ${variable} ${path} (${reason})`);
  }
  if (!write) return;
  // Writing a small file is the one sure test: permissions, a read-only mount and a full disk all show here.
  const probe = resolve(path, `.paperbot-write-check-${process.pid}`);
  try {
    await io.writeFile(probe, 'paperbot');
  } catch (error) {
    const reason = await reasonFor(error as NodeJS.ErrnoException, path);
    throw new StartupError(`cannot write to ${variable} ${path} (${reason})`);
  } finally {
    await rm(probe, { force: true });
  }
}
