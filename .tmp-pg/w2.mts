import { Worker } from 'node:worker_threads';
const w = new Worker(new URL('./entry.mjs', import.meta.url), { execArgv: [...process.execArgv] });
w.on('exit', () => console.log('exit'));
