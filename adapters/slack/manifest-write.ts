import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manifestYaml } from './manifest.js';

/**
 * `npm run manifest`: writes manifest.yml beside this file from the command table.
 * `npm run manifest -- https://your-host`: prints the manifest for distribution (OAuth) at that URL instead.
 */
const publicUrl = process.argv[2];
if (publicUrl) process.stdout.write(manifestYaml(new URL(publicUrl).origin));
else {
  const file = fileURLToPath(new URL('manifest.yml', import.meta.url));
  writeFileSync(file, manifestYaml());
  process.stdout.write(`wrote ${file}\n`);
}
