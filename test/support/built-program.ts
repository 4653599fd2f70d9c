import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** What `npm run build` writes from app/main.ts: the program the tests start as a user would (`paperbot …`). */
export const builtProgram = join(root, 'dist/app/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) {
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * Vitest's global setup: rebuilds the program when a source is newer than the build, so that tests starting it as
 * a process (half a second each from the build, a second or more from the sources through tsx) never run an old one.
 */
export default function setup(): void {
  const built = (() => {
    try {
      return statSync(builtProgram).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const sources = Math.max(
    ...['src', 'adapters', 'app'].map((dir) => newestSource(join(root, dir))),
    statSync(join(root, 'tsconfig.json')).mtimeMs,
  );
  if (sources > built) execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
