// Where the package's own files are, found from this module whether it runs from src/ or from the bundle
// the `pejlemaerke` command builds into node_modules/.cache.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'pejlemaerke'
    )
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the pejlemaerke package above ${start}`);
    dir = parent;
  }
}

export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

export const paths = {
  views: path.join(packageRoot, 'src', 'web', 'views'),
  assets: path.join(packageRoot, 'src', 'web', 'assets'),
  strategies: path.join(packageRoot, 'strategies'),
  /** The bundled questionnaires (one JSON file each). */
  surveys: path.join(packageRoot, 'surveys'),
  /** Build products and the database template; never committed, remade by `npm ci`. */
  cache: path.join(packageRoot, 'node_modules', '.cache', 'pejlemaerke'),
} as const;
