#!/usr/bin/env node
// Entry point of the `pejlemaerke` command. Bundles the TypeScript sources with esbuild (about 0.1 s, every
// time, so it can never run stale code) into node_modules/.cache and runs the bundle; packages stay external.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'node_modules', '.cache', 'pejlemaerke');
const outfile = path.join(outDir, 'cli.mjs');
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'error',
});
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv);
