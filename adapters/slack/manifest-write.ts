import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manifestYaml } from './manifest.js';

/** `npm run manifest`: writes manifest.yml beside this file from the command table. */
const file = fileURLToPath(new URL('manifest.yml', import.meta.url));
writeFileSync(file, manifestYaml());
process.stdout.write(`wrote ${file}\n`);
