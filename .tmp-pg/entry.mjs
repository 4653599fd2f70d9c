import(new URL('../src/db/pg.ts', import.meta.url).href).then(m => console.log('ok', Object.keys(m)), e => console.log('fail', e.message));
