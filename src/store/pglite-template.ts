// A freshly initialised PGlite cluster, saved once as a tarball when the package is installed (npm ci runs
// `prepare`). initdb in WebAssembly takes several seconds; unpacking the tarball takes a fraction, so a first
// start on an empty DATA_DIR (and every in-memory test database) skips it. Without the tarball, PGlite runs
// initdb as usual: the template is an optimisation, never a requirement.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot, paths } from '../platform/paths.ts';

function pgliteVersion(): string {
  const manifest = path.join(packageRoot, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  return existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
    : 'unknown';
}

/** Keyed by PGlite's version: a template from another version is never used. */
export function templatePath(): string {
  return path.join(paths.cache, `pglite-template-${pgliteVersion()}.tar.gz`);
}

export function readTemplate(): Blob | undefined {
  const file = templatePath();
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

/** Creates the template if it is missing; returns its path. */
export async function ensureTemplate(): Promise<string> {
  const file = templatePath();
  if (existsSync(file)) return file;
  await mkdir(path.dirname(file), { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create();
  try {
    const dump = await pglite.dumpDataDir('gzip');
    // Write then rename, so a concurrent reader never sees half a tarball.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
  } finally {
    await pglite.close();
  }
  return file;
}
