// The bundled strategy's refresh from LIGEUB1 against a StatBank stand-in on 127.0.0.1, with answers it must
// survive: codes that changed, figures StatBank withholds, and codes with or without leading zeros.
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { folk1e, ligeub1, respelled, type TableSpec } from '../../test/support/statbank-answers.ts';
import { startStatbankStandIn, type StatbankStandIn } from '../../test/support/statbank-stand-in.ts';
import { cliActor } from '../domain/access/index.ts';
import { dimsKey } from '../domain/observation/index.ts';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import { statbankClient } from '../sources/statbank/index.ts';
import type { Database } from '../store/database.ts';
import { deriveIndicators } from './indicator-derive.ts';
import { currentObservations } from './observations.ts';
import { refreshFromStatbank, refreshQueries } from './refresh.ts';
import { readDefinitionFile } from './strategies.ts';

const AREAS = ['000', '084', '151', '153'];

// This file's own temporary directory (`os.tmpdir()` reads TMPDIR), so that the refreshes other test files run
// at the same time do not come and go in the folder this file counts.
const ownTmp = mkdtempSync(path.join(tmpdir(), 'ligeub1-test-'));
process.env.TMPDIR = ownTmp;

/** The refresh's temporary folders in the temporary directory. */
async function spooled(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((d) => d.startsWith('pejlemaerke-refresh-')).sort();
}
const YOUTH = 'ungdomsuddannelse-20-24';
const HIGHER = 'videregaaende-uddannelse-25-39';

let standIn: StatbankStandIn;
let definition: StrategyDefinition;
beforeAll(async () => {
  standIn = await startStatbankStandIn([]);
  const parsed = await readDefinitionFile(ballerupFile);
  if (!parsed.ok) throw new Error('the bundled strategy does not parse');
  definition = parsed.definition;
});
afterAll(async () => {
  await standIn.close();
  rmSync(ownTmp, { recursive: true, force: true });
});

describe.each(testDatabases)('refresh from LIGEUB1 on $name', ({ open }) => {
  let database: Database;
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => new Date('2026-03-01T08:00:00Z') });
  // A database of its own for each answer: a table's old codes stay current beside its new ones.
  beforeEach(async () => {
    database = await open();
  });
  afterEach(async () => database.close());

  /** Serves these tables, refreshes the bundled strategy's StatBank queries and computes its indicators. */
  async function refresh(tables: readonly TableSpec[], maxCells?: number) {
    standIn.tables.clear();
    for (const t of tables) standIn.tables.set(t.id, t);
    const queries = refreshQueries([definition]);
    const results = await refreshFromStatbank(
      ctx(),
      statbankClient({ baseUrl: standIn.baseUrl }),
      queries,
      undefined,
      maxCells === undefined ? {} : { maxCells },
    );
    const derived = await deriveIndicators(
      ctx(),
      [definition],
      queries.map((q) => q.query.table),
    );
    return { results, derived: new Map(derived.map((d) => [d.indicator, d])) };
  }

  async function figure(series: string, area: string, period: string, dims: Record<string, string>) {
    const rows = await currentObservations(database, { series, areas: [area], periods: [period], dims });
    return rows.find((r) => dimsKey(r.dims) === dimsKey(dims));
  }

  it('computes no indicator that names a code the table no longer has, says which, and stores the rest', async () => {
    // H35 renamed: every HFUDD code H10-H80 is in both indicators' denominators, so neither can be computed.
    const changed = respelled(ligeub1({ areas: AREAS, years: ['2023', '2024'] }), 'HFUDD', (c) =>
      c === 'H35' ? 'H36' : c,
    );
    const { results, derived } = await refresh([changed, folk1e({ areas: AREAS })]);
    expect(results.map((r) => [r.table, r.outcome.status])).toEqual([
      ['FOLK1E', 'stored'],
      ['FOLK1E', 'stored'],
      ['LIGEUB1', 'stored'],
    ]);
    for (const id of [YOUTH, HIGHER]) {
      expect(derived.get(id)?.outcome).toBeUndefined();
      expect(derived.get(id)?.skipped[0]?.reason).toBe('the table has no cells for HFUDD=H35');
    }
    expect(await currentObservations(database, { series: YOUTH })).toEqual([]);
    // The table itself is stored whole, its new code with it.
    expect(
      await currentObservations(database, { series: 'LIGEUB1', areas: ['151'], dims: { HFUDD: 'H36' } }),
    ).toHaveLength(2 * 8 * 4 * 3);
  });

  it('gives a missing figure with the reason, not zero, where a cell it needs is withheld', async () => {
    const marked = ligeub1({
      areas: AREAS,
      years: ['2023', '2024'],
      override: (c) => {
        const youth = c.BOPOMR === '151' && c.ALDER === '20-24';
        // Women, non-Western descendants, with a youth education (upper secondary): confidential.
        if (youth && c.Tid === '2023' && c.HERKOMST === '35' && c.HFUDD === 'H20' && c.KØN === 'K')
          return '..';
        // Everyone, non-Western immigrants, vocational: not available.
        if (youth && c.Tid === '2024' && c.HERKOMST === '25' && c.HFUDD === 'H30' && c.KØN === 'TOT')
          return '.';
        return undefined;
      },
    });
    const { derived } = await refresh([marked, folk1e({ areas: AREAS })]);
    expect(derived.get(YOUTH)?.outcome?.status).toBe('stored');
    const women2023 = await figure(YOUTH, '151', '2023', { group: 'target', sex: 'women' });
    expect(women2023?.value).toEqual({ kind: 'missing', reason: 'confidential', marker: '..' });
    expect(women2023?.numerator).toBeUndefined();
    // The totals read the table's own total cells (KØN TOT), which are given.
    expect(await figure(YOUTH, '151', '2023', { group: 'target' })).toMatchObject({
      numerator: 15 * 104,
      denominator: 15 * 174,
    });
    expect((await figure(YOUTH, '151', '2024', { group: 'target' }))?.value).toEqual({
      kind: 'missing',
      reason: 'not-available',
      marker: '.',
    });
    // The descendants' subgroup does not read the immigrants' cell.
    expect(
      await figure(YOUTH, '151', '2024', { group: 'target', originSubgroup: 'descendants' }),
    ).toMatchObject({ numerator: 6 * 104, denominator: 6 * 174 });
    // The other indicator reads other ages and is whole.
    expect(await figure(HIGHER, '151', '2024', { group: 'target' })).toMatchObject({
      numerator: 35 * 42,
      denominator: 35 * 174,
    });
  });

  it('reads area codes that lost their leading zeros as three digits, as BULK and as JSON-stat, and says so', async () => {
    const unpadded = (c: string) => c.replace(/^0+(?=\d)/, '');
    // LIGEUB1's 4 × 8 × 11 × 4 × 3 × 1 = 4,224 cells pass a cap of 4,000; the population query's 1,704 do not; the 16–64-year-olds' query asks for more than 4,000.
    const { results, derived } = await refresh(
      [
        respelled(ligeub1({ areas: AREAS, years: ['2024'] }), 'BOPOMR', unpadded),
        respelled(folk1e({ areas: AREAS }), 'OMRÅDE', unpadded),
      ],
      4_000,
    );
    expect(results.map((r) => [r.table, r.format, r.notes])).toEqual([
      ['FOLK1E', 'JSONSTAT', ['area codes without leading zeros read as three digits: 0 as 000, 84 as 084']],
      // The 16–64-year-olds' query asks for Ballerup (151) alone, whose code has no leading zero to lose.
      ['FOLK1E', 'BULK', []],
      ['LIGEUB1', 'BULK', ['area codes without leading zeros read as three digits: 0 as 000, 84 as 084']],
    ]);
    expect(derived.get(YOUTH)?.outcome?.status).toBe('stored');
    expect(await figure(YOUTH, '000', '2024', { group: 'target' })).toMatchObject({
      numerator: 100 * 15 * 88,
      denominator: 100 * 15 * 170,
    });
    expect(await figure(YOUTH, '084', '2024', { group: 'target' })).toMatchObject({
      numerator: 40 * 15 * 104,
    });
  });

  it('matches origin codes written with leading zeros to the definition without them, and says which it found', async () => {
    const padded = respelled(
      ligeub1({ areas: AREAS, years: ['2024'], herkomstTotal: '00' }),
      'HERKOMST',
      (c) => (c === '00' ? c : c.padStart(3, '0')),
    );
    const { derived } = await refresh([padded, folk1e({ areas: AREAS })]);
    const youth = derived.get(YOUTH);
    expect(youth?.outcome?.status).toBe('stored');
    expect(youth?.codeNotes).toEqual([
      'HERKOMST 0 is 00 in the table',
      'HERKOMST 10 is 010 in the table',
      'HERKOMST 24 is 024 in the table',
      'HERKOMST 25 is 025 in the table',
      'HERKOMST 34 is 034 in the table',
      'HERKOMST 35 is 035 in the table',
      "HERKOMST's total is 00 in the table",
      'HERKOMST 021, 031 not read (not named)',
    ]);
    expect(await figure(YOUTH, '151', '2024', { group: 'comparison' })).toMatchObject({
      numerator: 60 * 160,
      denominator: 60 * 200,
    });
  });

  it('refuses, before storing anything, a query past the cap that BULK cannot answer, and leaves no file behind', async () => {
    const before = await spooled();
    standIn.tables.clear();
    standIn.tables.set('LIGEUB1', ligeub1({ areas: AREAS, years: ['2024'] }));
    standIn.tables.set('FOLK1E', folk1e({ areas: AREAS }));
    const client = statbankClient({ baseUrl: standIn.baseUrl });
    const queries = refreshQueries([definition]);
    const education = queries.find((q) => q.query.table === 'LIGEUB1');
    if (!education) throw new Error('the bundled strategy has a LIGEUB1 query');
    // KØN left out: StatBank would sum over it in JSON-stat, but BULK needs every variable named.
    const { KØN: _, ...rest } = education.query.variables;
    const err = await refreshFromStatbank(
      ctx(),
      client,
      queries.map((q) =>
        q === education ? { ...education, query: { ...education.query, variables: rest } } : q,
      ),
      undefined,
      { maxCells: 100 },
    ).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'LIGEUB1: the query asks for 1408 cells, past the 100 StatBank answers outside BULK (STATBANK_MAX_CELLS), and BULK needs every variable named; add KØN to the query',
    );
    expect(await currentObservations(database, { series: 'FOLK1E' })).toEqual([]);
    // A refresh that asks for BULK removes its temporary file when done.
    const { results } = await refresh([...standIn.tables.values()], 100);
    expect(results.map((r) => r.format)).toEqual(['BULK', 'BULK', 'BULK']);
    expect(await spooled()).toEqual(before);
  });

  it('takes a total coded TOT as the total and says so', async () => {
    const { derived } = await refresh([
      ligeub1({ areas: AREAS, years: ['2024'], herkomstTotal: 'TOT' }),
      folk1e({ areas: AREAS }),
    ]);
    expect(derived.get(HIGHER)?.codeNotes).toContain("HERKOMST's total is TOT in the table");
    expect(await figure(HIGHER, '153', '2024', { group: 'target' })).toMatchObject({
      numerator: 2 * 35 * 33,
      denominator: 2 * 35 * 170,
    });
  });
});
