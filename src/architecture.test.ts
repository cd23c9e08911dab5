// The layer rule of ARCHITECTURE.md, checked: every import in src/ goes to its own layer or one it may use,
// and the domain layer stays pure (no file system, network, database or clock-bearing modules).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('./', import.meta.url));

/** Which layers each layer may import. Keep in step with the table in ARCHITECTURE.md. */
export const allowedImports: Record<string, readonly string[]> = {
  domain: [],
  platform: [],
  sources: ['domain', 'platform'],
  store: ['domain', 'platform'],
  service: ['domain', 'platform', 'store', 'sources'],
  reports: ['domain', 'platform', 'service'],
  web: ['domain', 'platform', 'service', 'reports'],
  cli: ['domain', 'platform', 'service', 'store', 'web', 'reports', 'sources'],
};

/** Modules that do I/O; the domain layer must not touch them. */
const impureModules = [
  /^node:(fs|net|http|https|child_process|dgram|dns|worker_threads|os)(\/|$)/,
  /^(fs|net|http|pg|kysely|fastify|@electric-sql\/)/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1] as string);
}

function layerOf(file: string): string {
  return path.relative(srcDir, file).split(path.sep)[0] as string;
}

const files = sourceFiles(srcDir).filter(
  (f) => !f.endsWith('.test.ts') && path.dirname(f) !== srcDir.replace(/\/$/, ''),
);

describe('architecture', () => {
  it('knows every top-level folder of src/ as a layer', () => {
    for (const f of files) expect(Object.keys(allowedImports), f).toContain(layerOf(f));
  });

  it('imports only from the same layer or a layer below', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), spec);
        if (!target.startsWith(srcDir)) {
          violations.push(`${path.relative(srcDir, file)} imports ${spec}, outside src/`);
          continue;
        }
        const to = layerOf(target);
        if (to !== from && !allowedImports[from]?.includes(to))
          violations.push(`${path.relative(srcDir, file)} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the domain layer free of I/O', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => layerOf(f) === 'domain'))
      for (const spec of importsOf(file))
        if (impureModules.some((re) => re.test(spec)))
          violations.push(`${path.relative(srcDir, file)} imports ${spec}`);
    expect(violations).toEqual([]);
  });

  it('catches a violation when one is planted', () => {
    // Guards the checker itself: a regex that matched nothing would pass every rule above.
    expect(importsOf(path.join(srcDir, 'web', 'app.ts'))).toContain('./routes/pages.ts');
    expect(allowedImports.web).not.toContain('store');
  });
});
