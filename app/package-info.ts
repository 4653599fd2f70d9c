import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  readonly version: string;
  readonly description: string;
}

/** What package.json says of paperbot: the nearest one above this file, as source (app/) and built (dist/app/). */
export function packageInfo(): PackageInfo {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as PackageInfo;
  }
  throw new Error('package.json not found above the paperbot program');
}
