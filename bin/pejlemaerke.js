#!/usr/bin/env node
// Entry point of the `pejlemaerke` command. Bundles the TypeScript sources with esbuild (0.1 to 0.3 s) and runs
// the bundle; packages stay external. The bundle is split at each dynamic import, so a command loads only what it
// uses: `import statbank` does not load the web server, and `serve` does not load the import readers until a page
// needs them. Each build goes to a folder named by its content, so commands started at the same moment never
// read one another's half-written files. A stamp named by every source file's path, size and modification time
// (and the launcher's and esbuild's) points to the build those sources made: while none of them has changed, the
// build is run without bundling again, and any change — a file edited, added or removed — bundles anew.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'pejlemaerke');
const stamp = path.join(cacheDir, `stamp-${sourcesFingerprint()}`);
const built = readStamp(stamp);
const buildDir = built ?? (await bundle());
if (!built) writeStamp(stamp, buildDir);
const { main } = await import(pathToFileURL(path.join(buildDir, 'cli.mjs')).href);
process.exitCode = await main(process.argv);

/** The build a stamp names, if the stamp and the build are both there. */
function readStamp(file) {
  try {
    const name = readFileSync(file, 'utf8').trim();
    const dir = path.join(cacheDir, name);
    if (!/^cli-[0-9a-f]{16}$/.test(name) || !existsSync(path.join(dir, 'cli.mjs'))) return undefined;
    // In use again: not to be removed as a day-old build while a command may still read it.
    const now = new Date();
    utimesSync(dir, now, now);
    return dir;
  } catch {
    return undefined;
  }
}

function writeStamp(file, dir) {
  const partial = `${file}.${process.pid}.partial`;
  try {
    writeFileSync(partial, path.basename(dir));
    renameSync(partial, file);
  } catch {
    // A stamp is only a shortcut: without it the next command bundles again.
    rmSync(partial, { force: true });
  }
}

/** Every file under src/ by path, size and modification time, with the launcher and esbuild's version. */
function sourcesFingerprint() {
  const hash = createHash('sha256');
  const add = (file) => {
    const s = statSync(file);
    hash.update(`${path.relative(root, file)}\0${s.size}\0${s.mtimeMs}\n`);
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) add(full);
    }
  };
  walk(path.join(root, 'src'));
  add(fileURLToPath(import.meta.url));
  add(path.join(root, 'package.json'));
  // esbuild by its version: another esbuild may bundle differently.
  hash.update(readFileSync(path.join(root, 'node_modules', 'esbuild', 'package.json')));
  return hash.digest('hex').slice(0, 32);
}

async function bundle() {
  const { build, stop } = await import('esbuild');
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
  return buildDir;
}

/** Builds and stamps of earlier sources, untouched for a day: no command that could still be running reads them. */
function removeOldBuilds(current) {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, name);
    if (!(name.startsWith('cli-') || name.startsWith('stamp-')) || dir === current) continue;
    try {
      if (statSync(dir).mtimeMs < dayAgo) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Removed by another command meanwhile.
    }
  }
}
