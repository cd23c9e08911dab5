// `pejlemaerke users add --centre` with the units of any loaded strategy: a committee of the second strategy is
// accepted for an editor, a unit no strategy names is refused with the known ones listed, and nothing is stored.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { secondFile } from '../../test/support/second-strategy.ts';
import { exitCodes } from './exit-codes.ts';
import { runMainText } from '../../test/support/cli.ts';

const run = runMainText;

let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  env = { DATA_DIR: await mkdtemp(path.join(tmpdir(), 'users-units-')), SEED: '0' };
});
const password = { PEJLEMAERKE_PASSWORD: 'en-lang-nok-adgangskode' };

describe('users bound to the units of another strategy', () => {
  it('accepts a committee of the second strategy and refuses a unit no strategy names', async () => {
    const load = await run(['strategy', 'load', secondFile], env);
    expect(load.code, load.err).toBe(exitCodes.ok);
    const unknown = await run(
      ['users', 'add', 'x@eksempelby.dk', '--name', 'X', '--role', 'editor', '--centre', 'udvalg-for-intet'],
      { ...env, ...password },
    );
    expect(unknown.code).toBe(exitCodes.invalidInput);
    expect(unknown.err).toMatch(/unknown organisational unit "udvalg-for-intet"; nothing was stored/);
    expect(unknown.err).toMatch(/known units: byraadet, /);
    const added = await run(
      [
        'users',
        'add',
        'sundhed@eksempelby.dk',
        '--name',
        'Sundhedsudvalgets sekretær',
        '--role',
        'editor',
        '--centre',
        'social-og-sundhedsudvalget',
      ],
      { ...env, ...password },
    );
    expect(added.code, added.err).toBe(exitCodes.ok);
    expect(added.out).toBe('added sundhed@eksempelby.dk (editor: social-og-sundhedsudvalget)');
    const list = await run(['users', 'list'], env);
    expect(list.out).toMatch(
      /^sundhed@eksempelby\.dk\tSundhedsudvalgets sekretær\teditor\tsocial-og-sundhedsudvalget\t/m,
    );
    expect(list.out).not.toContain('x@eksempelby.dk');
  });
});
