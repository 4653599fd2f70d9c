import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { builtProgram } from './built-program.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the real `paperbot` program (as built) as a child process with the given environment only. */
export function spawnPaperbot(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [builtProgram, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs the real `paperbot` program to its end, with piped stdin. */
export function paperbot(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnPaperbot(args, options.env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
