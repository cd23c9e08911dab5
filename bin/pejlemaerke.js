#!/usr/bin/env node
// Entry point of the `pejlemaerke` command. Bundles the TypeScript sources with esbuild (about 0.1 s, every
// time, so it can never run stale code) and runs the bundle; packages stay external. The bundle is split at
// each dynamic import, so a command loads only what it uses: `import statbank` does not load the web server,
// and `serve` does not load the import readers until a page needs them. Each build goes to a folder named by
// its content, so commands started at the same moment never read one another's half-written files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, stop } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'pejlemaerke');
const result = await build({
  entryPoints: { cli: path.join(root, 'src', 'cli', 'main.ts') },
  outExtension: { '.js': '.mjs' },
  outdir: '/',
  write: false,
  bundle: true,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'error',
});
// esbuild's service would otherwise stay in the process for the whole command.
await stop();
const hash = createHash('sha256');
for (const file of result.outputFiles) hash.update(file.path).update(file.contents);
const buildDir = path.join(cacheDir, `cli-${hash.digest('hex').slice(0, 16)}`);
if (!existsSync(buildDir)) {
  const partial = `${buildDir}.${process.pid}.partial`;
  mkdirSync(partial, { recursive: true });
  for (const file of result.outputFiles)
    writeFileSync(path.join(partial, path.basename(file.path)), file.contents);
  try {
    renameSync(partial, buildDir);
  } catch {
    // Another command wrote the same build first.
    rmSync(partial, { recursive: true, force: true });
  }
  removeOldBuilds(buildDir);
}
const { main } = await import(pathToFileURL(path.join(buildDir, 'cli.mjs')).href);
process.exitCode = await main(process.argv);

/** Builds of earlier sources, untouched for a day: no command that could still be running reads them. */
function removeOldBuilds(current) {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, name);
    if (!name.startsWith('cli-') || dir === current) continue;
    try {
      if (statSync(dir).mtimeMs < dayAgo) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Removed by another command meanwhile.
    }
  }
}
