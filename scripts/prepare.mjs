// Runs on `npm ci` / `npm install` (the package's `prepare` script): saves an initialised PGlite cluster as
// a tarball so the first start on an empty data directory does not wait for initdb. Never fails the install.
import { spawnSync } from 'node:child_process';

const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '-e',
    "import('./src/store/pglite-template.ts').then(m => m.ensureTemplate()).then(f => console.log('database template: ' + f))",
  ],
  {
    stdio: 'inherit',
  },
);
if (r.status !== 0)
  console.warn('database template not made; the first start will run initdb instead (slower, same result)');
