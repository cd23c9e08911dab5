// The command-line tool, in-process and as a real process: commands, messages and exit codes, with bad input.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile, repoRoot } from '../../test/support/app.ts';
import { createServerDatabase } from '../../test/support/databases.ts';
import { exitCodes } from './exit-codes.ts';
import { main } from './main.ts';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'strategies');
const exampleFile = path.join(fixtures, 'aarhus-sundhed-eksempel.yaml');

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  const code = await main(['node', 'pejlemaerke', ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    onServe: (stop) => stops.push(stop),
  });
  return { code, out: out.join('\n'), err: err.join('\n'), stop: () => Promise.all(stops.map((s) => s())) };
}

let dataDir: string;
let dbUrl: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cli-'));
  dbUrl = await createServerDatabase();
});

describe('strategy validate', () => {
  it('accepts the bundled strategy and says what it holds', async () => {
    const r = await run(['strategy', 'validate', ballerupFile]);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.out).toMatch(/ok — .*4 areas, 15 indicators, 22 interventions/);
  });

  it.each([
    [
      'invalid-unknown-direction.yaml',
      /invalid-unknown-direction\.yaml:57:20: area "omraade" › indicator "andel" › direction \(areas\[0]\.indicators\[0]\.direction\): expected "up", "down" or "parity"/,
    ],
    ['invalid-syntax-error.yaml', /invalid-syntax-error\.yaml: line \d+, column \d+: syntax error/],
    ['invalid-unknown-field.yaml', /unknown field/],
    ['invalid-duplicate-indicator-id.yaml', /duplicate indicator id/],
    ['invalid-empty.yaml', /the file is empty/],
    ['does-not-exist.yaml', /no such file/],
  ])('refuses %s with a message that names the place', async (file, message) => {
    const r = await run(['strategy', 'validate', path.join(fixtures, file)]);
    expect(r.code).toBe(exitCodes.invalidInput);
    expect(r.err).toMatch(message);
  });

  it('refuses a 50 MB file by its size', async () => {
    const big = path.join(dataDir, 'big.yaml');
    await writeFile(big, Buffer.alloc(50 * 1024 * 1024, 0x61));
    const r = await run(['strategy', 'validate', big]);
    expect(r.code).toBe(exitCodes.invalidInput);
    expect(r.err).toMatch(/the file is 50\.0 MB; a strategy definition may be at most/);
  });

  it('refuses a file that is not UTF-8', async () => {
    const latin1 = path.join(dataDir, 'latin1.yaml');
    await writeFile(latin1, Buffer.from('title: Sundhed i \xc5rhus\n', 'latin1'));
    const r = await run(['strategy', 'validate', latin1]);
    expect(r.err).toMatch(/not valid UTF-8/);
  });
});

describe.each([
  { name: 'embedded', env: () => ({ DATA_DIR: dataDir }) },
  { name: 'postgresql', env: () => ({ DATABASE_URL: dbUrl }) },
])('strategy load and list on $name', ({ env }) => {
  it('loads a file once, reports "unchanged" the second time, and lists it', async () => {
    expect((await run(['strategy', 'list'], env())).out).toBe('no strategies loaded');
    const first = await run(['strategy', 'load', exampleFile], env());
    expect(first.code).toBe(exitCodes.ok);
    expect(first.out).toMatch(/loaded as version 1/);
    const again = await run(['strategy', 'load', exampleFile], env());
    expect(again.out).toMatch(/unchanged, still version 1/);
    const list = await run(['strategy', 'list'], env());
    expect(list.out).toMatch(/version 1/);
  });

  it('stores nothing from a refused file', async () => {
    const r = await run(
      ['strategy', 'load', path.join(fixtures, 'invalid-duplicate-indicator-id.yaml')],
      env(),
    );
    expect(r.code).toBe(exitCodes.invalidInput);
    expect(r.err).toMatch(/nothing was stored/);
    expect((await run(['strategy', 'list'], env())).out.split('\n')).toHaveLength(1);
  });
});

describe('import statbank', () => {
  const statbankFixtures = path.join(repoRoot, 'src', 'sources', 'statbank', 'fixtures', 'derived');

  it('stores a saved CSV response, says how long it took, and stores nothing new the second time', async () => {
    const env = { DATABASE_URL: await createServerDatabase() };
    expect((await run(['migrate'], env)).code).toBe(exitCodes.ok);
    const file = path.join(statbankFixtures, 'folk1e-151-2021K1-K2.csv');
    const first = await run(['import', 'statbank', file, '--table', 'FOLK1E'], env);
    expect(first.code).toBe(exitCodes.ok);
    expect(first.out).toMatch(
      /: 12 rows read in \d+\.\d\d s; 12 stored as import batch \d+ \(0 unchanged\)$/,
    );
    const again = await run(['import', 'statbank', file, '--table', 'FOLK1E'], env);
    expect(again.out).toMatch(/12 rows read in \d+\.\d\d s; all equal to the figures already stored/);
  });

  it('stores a CSV response with the unit it is given, and refuses a unit the model refuses', async () => {
    const env = { DATABASE_URL: await createServerDatabase() };
    expect((await run(['migrate'], env)).code).toBe(exitCodes.ok);
    const file = path.join(statbankFixtures, 'ras200-151-2020-2021.csv');
    const tooLong = await run(
      ['import', 'statbank', file, '--table', 'RAS200', '--unit', 'p'.repeat(41)],
      env,
    );
    expect(tooLong.code).toBe(exitCodes.invalidInput);
    expect(tooLong.err).toMatch(/unit/);
    const r = await run(['import', 'statbank', file, '--table', 'RAS200', '--unit', 'Pct.'], env);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.out).toMatch(/24 rows read in \d+\.\d\d s; 24 stored/);
  });

  it('computes the indicators of a loaded strategy that read the table, and says what it could not', async () => {
    const env = { DATABASE_URL: await createServerDatabase() };
    const minimal = await readFile(path.join(fixtures, 'minimal.yaml'), 'utf8');
    const definition = minimal
      .replace('        kind: level\n', '        kind: gap\n')
      .replace(
        '        unit: share\n',
        '        unit: share\n        comparisonGroup:\n          label: øvrige\n          basis: others\n        gapMeasure: difference\n',
      )
      .replace(
        '          publisher: Kommunen\n',
        [
          '          publisher: Kommunen',
          '          statbank:',
          '            table: HFUDD11',
          '            variables: { BOPOMR: ["151"], HERKOMST: ["*"], HFUDD: ["*"], ALDER: ["20-24"], KØN: ["TOT"], Tid: ["*"] }',
          '          derive:',
          '            origin: HERKOMST',
          '            select: { ALDER: ["20-24"], KØN: [TOT] }',
          '            numerator: { HFUDD: [H20, H30] }',
          '            denominator: { HFUDD: [TOT] }',
          '',
        ].join('\n'),
      );
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'cli-derive-')), 'derived.yaml');
    await writeFile(file, definition);
    expect((await run(['strategy', 'load', file], env)).code).toBe(exitCodes.ok);
    // The derived HFUDD11 fixture has no cells of HERKOMST 25 (target) or 24 and 34 ("øvrige"): nothing is computed.
    const r = await run(
      ['import', 'statbank', path.join(statbankFixtures, 'hfudd11-151-2021-2022.csv'), '--table', 'HFUDD11'],
      env,
    );
    expect(r.code).toBe(exitCodes.ok);
    expect(r.out).toMatch(
      /\nandel computed from HFUDD11: no figures; 4 not computed, e\.g\. 151 2021: group=target: the table has no cells for non-western-immigrant; codes: HERKOMST's total is TOT in the table$/,
    );
  });

  it('refuses a file past its limits, naming the setting, and lists at most 50 refused lines', async () => {
    const env = { DATABASE_URL: await createServerDatabase() };
    expect((await run(['migrate'], env)).code).toBe(exitCodes.ok);
    const csv = path.join(statbankFixtures, 'folk1e-151-2021K1-K2.csv');
    const rows = await run(['import', 'statbank', csv, '--table', 'FOLK1E'], {
      ...env,
      STATBANK_CLI_MAX_ROWS: '5',
    });
    expect(rows.code).toBe(exitCodes.invalidInput);
    expect(rows.err).toMatch(/more than 5 rows; at most 5 are accepted \(STATBANK_CLI_MAX_ROWS\)/);
    const json = path.join(statbankFixtures, 'folk1e-151-2021K2.jsonstat.json');
    const cells = await run(['import', 'statbank', json], { ...env, STATBANK_MAX_CELLS: '3' });
    expect(cells.code).toBe(exitCodes.invalidInput);
    expect(cells.err).toMatch(/declares 6 cells; at most 3 are accepted \(STATBANK_MAX_CELLS\)/);
    const dir = await mkdtemp(path.join(tmpdir(), 'pejlemaerke-cli-bad-'));
    const bad = path.join(dir, 'bad.csv');
    const long = 'x'.repeat(500);
    await writeFile(
      bad,
      ['OMRÅDE;TID;INDHOLD', ...Array.from({ length: 60 }, (_, i) => `151;20${10 + i}K9${long};${i}`)].join(
        '\n',
      ),
    );
    const many = await run(['import', 'statbank', bad, '--table', 'TEST9'], env);
    expect(many.code).toBe(exitCodes.invalidInput);
    const lines = many.err.split('\n');
    expect(lines.length).toBe(52);
    expect(lines.at(-1)).toBe('… and 10 more');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);
    // Nothing was stored by the refusals: the same file within the limits stores all twelve rows.
    expect((await run(['import', 'statbank', csv, '--table', 'FOLK1E'], env)).out).toMatch(/12 stored/);
  });

  it('asks for the table of a CSV response and stores nothing', async () => {
    const env = { DATABASE_URL: await createServerDatabase() };
    expect((await run(['migrate'], env)).code).toBe(exitCodes.ok);
    const r = await run(['import', 'statbank', path.join(statbankFixtures, 'folk1e-151-2021K1-K2.csv')], env);
    expect(r.code).toBe(exitCodes.invalidInput);
    expect(r.err).toMatch(/give it with --table/);
  });
});

describe('indicator templates and file import', () => {
  it('writes a template, refuses it unfilled, imports it filled, and imports nothing new the second time', async () => {
    const env = { DATA_DIR: dataDir };
    await run(['strategy', 'load', ballerupFile], env);
    const out = path.join(dataDir, 'fvu.csv');
    const written = await run(
      [
        'template',
        'brugere-af-fvu-dansk-og-sprogtilbud',
        '--format',
        'csv',
        '--out',
        out,
        '--strategy',
        'ballerup-integrationsstrategi-2021-2023',
      ],
      env,
    );
    expect(written.code).toBe(exitCodes.ok);
    expect(
      (
        await run(
          [
            'template',
            'brugere-af-fvu-dansk-og-sprogtilbud',
            '--format',
            'csv',
            '--out',
            out,
            '--strategy',
            'ballerup-integrationsstrategi-2021-2023',
          ],
          env,
        )
      ).err,
    ).toMatch(/exists already/);
    expect(
      (await run(['template', 'findes-ikke', '--strategy', 'ballerup-integrationsstrategi-2021-2023'], env))
        .code,
    ).toBe(exitCodes.invalidInput);
    expect((await run(['template', 'x', '--format', 'pdf'], env)).err).toMatch(
      /--format must be xlsx or csv/,
    );
    const text = await readFile(out, 'utf8');
    const header = text.split('\r\n')[0] as string;
    expect(header).toContain('område');
    const marker = text.split('\r\n').filter((l) => l.startsWith('# Pejlemærke-skabelon'));
    const filled = [
      header,
      ...marker,
      ...['2022', '2023'].map((y, i) =>
        header
          .split(';')
          .map((c) =>
            c.includes('område')
              ? '151'
              : c.includes('periode')
                ? y
                : c.includes('antal')
                  ? String(40 + i)
                  : '',
          )
          .join(';'),
      ),
    ].join('\r\n');
    await writeFile(out.replace('.csv', '-filled.csv'), `\uFEFF${filled}\r\n`);
    const args = [
      'import',
      out.replace('.csv', '-filled.csv'),
      '--indicator',
      'brugere-af-fvu-dansk-og-sprogtilbud',
      '--strategy',
      'ballerup-integrationsstrategi-2021-2023',
    ];
    const first = await run(args, env);
    expect(first.err).toBe('');
    expect(first.out).toMatch(/2 rows read; 2 stored/);
    expect((await run(args, env)).out).toMatch(/nothing new imported/);
    const bad = await run([...args.slice(0, 1), out, ...args.slice(2)], env);
    expect(bad.code).toBe(exitCodes.invalidInput);
  });
});

describe('usage and environment errors', () => {
  it('gives help and a usage error for an unknown command', async () => {
    expect((await run(['--help'])).code).toBe(exitCodes.ok);
    const r = await run(['frobnicate']);
    expect(r.code).toBe(exitCodes.usage);
    expect(r.err).toMatch(/unknown command 'frobnicate'/);
    expect((await run(['strategy', 'load'])).err).toMatch(/missing required argument 'file'/);
  });

  it('says clearly when DATABASE_URL cannot be reached', async () => {
    const r = await run(['strategy', 'list'], {
      DATABASE_URL: 'postgres://someone:secret@127.0.0.1:1/nothing',
    });
    expect(r.code).toBe(exitCodes.environment);
    expect(r.err).toMatch(/cannot reach the database at postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nothing/);
    expect(r.err).not.toContain('secret');
  });

  it.each([['not-a-url'], ['mysql://x@127.0.0.1/db']])('refuses DATABASE_URL=%s', async (url) => {
    const r = await run(['migrate'], { DATABASE_URL: url });
    expect(r.code).toBe(exitCodes.environment);
    expect(r.err).toMatch(/DATABASE_URL/);
  });

  it.each([['abc'], ['70000'], ['0']])('refuses PORT=%s', async (port) => {
    const r = await run(['serve'], { PORT: port, DATA_DIR: dataDir });
    expect(r.code).toBe(exitCodes.environment);
    expect(r.err).toMatch(/PORT=/);
  });

  it('says which port is in use and stores nothing half', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await run(['serve'], { PORT: String(port), DATA_DIR: dataDir });
      expect(r.code).toBe(exitCodes.environment);
      expect(r.err).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('serves on a free port and stops cleanly', async () => {
    const port = await freePort();
    const r = await run(['serve', '--port', String(port)], { DATA_DIR: dataDir, HOST: '127.0.0.1' });
    expect(r.code).toBe(exitCodes.ok);
    expect(r.out).toContain(`Pejlemærke kører på http://127.0.0.1:${port}`);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/strategies`);
    expect(res.status).toBe(200);
    await r.stop();
  });
});

describe('the installed command', () => {
  const bin = path.join(repoRoot, 'bin', 'pejlemaerke.js');
  const exec = promisify(execFile);

  it('runs as a real process with --help and exits non-zero on bad input', async () => {
    const help = await exec(process.execPath, [bin, '--help']);
    expect(help.stdout).toMatch(/strategy/);
    const bad = await exec(process.execPath, [
      bin,
      'strategy',
      'validate',
      path.join(fixtures, 'invalid-unknown-direction.yaml'),
    ]).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(exitCodes.invalidInput);
    expect((bad as { stderr: string }).stderr).toMatch(/direction\): expected/);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
