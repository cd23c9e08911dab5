// A freshly initialised PGlite cluster, saved once when the package is installed (npm ci runs `prepare`): as a
// tarball, unpacked as a directory beside it, and that directory with our migrations run. initdb in WebAssembly
// takes several seconds and the migrations half a second more; a first start on an empty DATA_DIR copies the
// migrated directory (a plain file copy, about a tenth of a second), and every in-memory test database unpacks
// the tarball (PGlite's own loader, about a second). The migrated copy is named by a hash of the migrations'
// source files, so after a change to them it is not used (the plain directory is, and the migrations run as
// usual; `npm ci` or `node scripts/prepare.mjs` makes it again). Without any of them PGlite runs initdb: the
// template is an optimisation, never a requirement. Migrations still run at every start; on a copy of the
// migrated template they find nothing to do.
import { createHash } from 'node:crypto';
import { constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot, paths } from '../platform/paths.ts';
import { lockFolderName } from './data-dir-lock.ts';

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

/** The directory with the migrations run, named by their sources; undefined when they cannot be read. */
export function migratedTemplateDirPath(): string | undefined {
  const dir = path.join(packageRoot, 'src', 'store', 'migrations');
  if (!existsSync(dir)) return undefined;
  const hash = createHash('sha256');
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))
    .sort())
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(path.join(dir, name)))
      .update('\0');
  return `${templateDirPath()}-schema-${hash.digest('hex').slice(0, 16)}`;
}

const hasCluster = (dir: string | undefined): dir is string =>
  dir !== undefined && existsSync(path.join(dir, 'PG_VERSION'));

/**
 * Copies the template directory (the migrated one when it matches our migrations) into an empty data directory;
 * false when there is none to copy. PG_VERSION, by which a data directory is known to hold a cluster, is copied
 * last: a copy cut short is made again.
 */
export async function copyTemplateInto(dataDir: string): Promise<boolean> {
  const migrated = migratedTemplateDirPath();
  const from = hasCluster(migrated) ? migrated : templateDirPath();
  if (!hasCluster(from)) return false;
  // A copy-on-write clone where the file system has one, else a copy.
  const options = { recursive: true, force: true, mode: constants.COPYFILE_FICLONE };
  // Never the template's own lock folder (made when the migrated template was opened): the data directory's
  // lock is already held by the process copying into it.
  const skipped = new Set([path.join(from, 'PG_VERSION'), path.join(from, lockFolderName)]);
  await cp(from, dataDir, {
    ...options,
    filter: (source) =>
      !skipped.has(source) && !source.startsWith(path.join(from, lockFolderName) + path.sep),
  });
  await cp(path.join(from, 'PG_VERSION'), path.join(dataDir, 'PG_VERSION'), options);
  return true;
}

/** Creates the template (tarball, directory, migrated directory) where missing; returns the tarball's path. */
export async function ensureTemplate(): Promise<string> {
  const file = await ensureTemplateTarball();
  const dir = templateDirPath();
  if (!hasCluster(dir))
    await writeDirectory(dir, async (partial) => {
      const { PGlite } = await import('@electric-sql/pglite');
      const pglite = await PGlite.create(partial, { loadDataDir: new Blob([readFileSync(file)]) });
      // Closed, the cluster is shut down cleanly: a copy of it starts without recovery.
      await pglite.close();
    });
  const migrated = migratedTemplateDirPath();
  if (migrated !== undefined && !hasCluster(migrated))
    await writeDirectory(migrated, async (partial) => {
      // Loaded here only: the database module opens data directories by copying this one.
      const [{ openDatabase }, { migrateToLatest }] = await Promise.all([
        import('./database.ts'),
        import('./migrate.ts'),
      ]);
      const database = await openDatabase({ dataDir: partial });
      try {
        await migrateToLatest(database);
      } finally {
        await database.close();
      }
    });
  return file;
}

/** Makes a directory under a temporary name and renames it, so no reader ever sees it half made. */
async function writeDirectory(dir: string, make: (partial: string) => Promise<void>): Promise<void> {
  const partial = `${dir}.${process.pid}.partial`;
  await rm(partial, { recursive: true, force: true });
  try {
    await make(partial);
    await rename(partial, dir);
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    // Another install made it first.
    if (!hasCluster(dir)) throw e;
  }
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
