// Every exit code the command line can give is documented: in `pejlemaerke --help` and in README.md's line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../test/support/app.ts';
import { exitCodes } from './exit-codes.ts';
import { main } from './main.ts';

describe('exit codes', () => {
  it('are all listed at the end of --help and in README.md', async () => {
    const out: string[] = [];
    expect(
      await main(['node', 'pejlemaerke', '--help'], {
        out: (l) => out.push(l),
        err: () => undefined,
        env: {},
      }),
    ).toBe(exitCodes.ok);
    const help = out.join('\n');
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const line = /^Exit codes: [\s\S]*?\n\n/m.exec(readme)?.[0] ?? '';
    for (const code of Object.values(exitCodes)) {
      expect(help).toMatch(new RegExp(`(^|[:;] )${code} `, 'm'));
      expect(line).toContain(`\`${code}\``);
    }
    expect(help).toMatch(/134\s+Node\s+aborted\s+the\s+process,\s+e\.g\.\s+out\s+of\s+memory/);
    expect(line).toMatch(/`134`\s+Node\s+aborted\s+the\s+process,\s+e\.g\.\s+out\s+of\s+memory/);
  });
});
