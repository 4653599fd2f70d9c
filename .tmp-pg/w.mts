import { Worker } from 'node:worker_threads';
const w = new Worker(`console.log('worker argv', process.execArgv); import(${JSON.stringify(new URL('../src/db/pg.ts', import.meta.url).href)}).then(m => console.log('ok', Object.keys(m)), e => console.log('fail', e.message))`, { eval: true, execArgv: [...process.execArgv] });
w.on('exit', () => console.log('exit'));
