import { readFileSync, rmSync, existsSync } from 'node:fs';
const t0 = performance.now();
const { PGlite } = await import('@electric-sql/pglite');
const t1 = performance.now();
const mode = process.argv[2];
const dir = '/tmp/su/probe';
let p;
if (mode === 'template') { rmSync(dir, {recursive:true, force:true}); p = await PGlite.create(dir, { loadDataDir: new Blob([readFileSync('node_modules/.cache/pejlemaerke/pglite-template-0.5.16.tar.gz')]) }); }
else if (mode === 'existing') p = await PGlite.create(dir);
else p = await PGlite.create();
const t2 = performance.now();
await p.query('select 1');
const t3 = performance.now();
await p.close();
const t4 = performance.now();
console.log(mode, 'import', Math.round(t1-t0), 'create', Math.round(t2-t1), 'q', Math.round(t3-t2), 'close', Math.round(t4-t3));
