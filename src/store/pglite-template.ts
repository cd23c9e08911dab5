// A freshly initialised PGlite cluster, saved once when the package is installed (npm ci runs `prepare`): as a
// tarball, and unpacked as a directory beside it. initdb in WebAssembly takes several seconds; a first start on
// an empty DATA_DIR copies the directory (a plain file copy, about a tenth of a second), and every in-memory
// test database unpacks the tarball (PGlite's own loader, about a second). Without them PGlite runs initdb as
// usual: the template is an optimisation, never a requirement.
import { constants, existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
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

/** The tarball unpacked: a cluster directory, never opened itself, only copied. */
export function templateDirPath(): string {
  return path.join(paths.cache, `pglite-template-${pgliteVersion()}`);
}

/**
 * Copies the template directory into an empty data directory; false when there is none to copy. PG_VERSION,
 * by which a data directory is known to hold a cluster, is copied last: a copy cut short is made again.
 */
export async function copyTemplateInto(dataDir: string): Promise<boolean> {
  const from = templateDirPath();
  if (!existsSync(path.join(from, 'PG_VERSION'))) return false;
  // A copy-on-write clone where the file system has one, else a copy.
  const options = { recursive: true, force: true, mode: constants.COPYFILE_FICLONE };
  await cp(from, dataDir, { ...options, filter: (source) => source !== path.join(from, 'PG_VERSION') });
  await cp(path.join(from, 'PG_VERSION'), path.join(dataDir, 'PG_VERSION'), options);
  return true;
}

/** Creates the template (tarball and directory) where missing; returns the tarball's path. */
export async function ensureTemplate(): Promise<string> {
  const file = await ensureTemplateTarball();
  const dir = templateDirPath();
  if (existsSync(path.join(dir, 'PG_VERSION'))) return file;
  const { PGlite } = await import('@electric-sql/pglite');
  const partial = `${dir}.${process.pid}.partial`;
  await rm(partial, { recursive: true, force: true });
  const pglite = await PGlite.create(partial, { loadDataDir: new Blob([readFileSync(file)]) });
  // Closed, the cluster is shut down cleanly: a copy of it starts without recovery.
  await pglite.close();
  try {
    await rename(partial, dir);
  } catch {
    // Another install made it first.
    await rm(partial, { recursive: true, force: true });
  }
  return file;
}

async function ensureTemplateTarball(): Promise<string> {
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
