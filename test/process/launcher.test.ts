// The launcher (`bin/pejlemaerke.js`) on a tiny project of its own: it bundles once, runs the same build again
// without bundling while no source has changed (esbuild may then even be absent), and bundles anew when a file
// is edited — even to the same size — added or removed, so a command never runs stale code.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const exec = promisify(execFile);

let root = '';
const esbuildLink = () => path.join(root, 'node_modules', 'esbuild');
const cache = () => path.join(root, 'node_modules', '.cache', 'pejlemaerke');
const run = async () =>
  (await exec(process.execPath, [path.join(root, 'bin', 'pejlemaerke.js')])).stdout.trim();
const builds = async () => (await readdir(cache())).filter((n) => n.startsWith('cli-')).length;
const writeMain = (body: string) =>
  writeFile(
    path.join(root, 'src', 'cli', 'main.ts'),
    `${body}\nexport async function main(): Promise<number> {\n  console.log(word());\n  return 0;\n}\n`,
  );

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pejlemaerke-launcher-'));
  await mkdir(path.join(root, 'bin'));
  await mkdir(path.join(root, 'src', 'cli'), { recursive: true });
  await mkdir(path.join(root, 'node_modules'));
  await cp(path.join(repoRoot, 'bin', 'pejlemaerke.js'), path.join(root, 'bin', 'pejlemaerke.js'));
  await writeFile(path.join(root, 'package.json'), '{ "type": "module" }\n');
  await symlink(path.join(repoRoot, 'node_modules', 'esbuild'), esbuildLink());
  await writeMain("const word = (): string => 'one';");
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the launcher', () => {
  it('bundles once and runs the same build again without esbuild while nothing changed', async () => {
    expect(await run()).toBe('one');
    expect(await builds()).toBe(1);
    // An esbuild that fails when loaded, with the real one's package.json (its version): a bundling would
    // fail, so the second run must not bundle.
    const real = path.join(repoRoot, 'node_modules', 'esbuild');
    await unlink(esbuildLink());
    await mkdir(path.join(esbuildLink(), 'lib'), { recursive: true });
    await cp(path.join(real, 'package.json'), path.join(esbuildLink(), 'package.json'));
    await writeFile(path.join(esbuildLink(), 'lib', 'main.js'), "throw new Error('esbuild was loaded');\n");
    try {
      expect(await run()).toBe('one');
    } finally {
      await rm(esbuildLink(), { recursive: true });
      await symlink(real, esbuildLink());
    }
    expect(await builds()).toBe(1);
  });

  it('bundles anew when a file is edited to the same size', async () => {
    await writeMain("const word = (): string => 'two';");
    // A clock that moved on: the same size, a later modification time.
    const later = new Date(Date.now() + 2000);
    await utimes(path.join(root, 'src', 'cli', 'main.ts'), later, later);
    expect(await run()).toBe('two');
    expect(await builds()).toBe(2);
  });

  it('bundles anew when a file is added, and when it is removed', async () => {
    await writeFile(path.join(root, 'src', 'cli', 'word.ts'), "export const word = (): string => 'three';\n");
    await writeMain("import { word } from './word.ts';");
    expect(await run()).toBe('three');
    await rm(path.join(root, 'src', 'cli', 'word.ts'));
    await writeMain("const word = (): string => 'four';");
    expect(await run()).toBe('four');
  });

  it('bundles again when the build a stamp names is gone', async () => {
    for (const name of await readdir(cache()))
      if (name.startsWith('cli-')) await rm(path.join(cache(), name), { recursive: true });
    expect(await run()).toBe('four');
  });
});
