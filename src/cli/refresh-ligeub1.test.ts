// `pejlemaerke refresh` of the bundled strategy against a StatBank stand-in on 127.0.0.1 that answers LIGEUB1 and
// FOLK1E in the shapes of the real answers (test/support/statbank-answers.ts): the tables are stored with their
// requests, and the two education indicators are computed from LIGEUB1. The expected figures are worked out by hand
// from the stand-in's synthetic table (persons per 100 by education, origin weights, age weights, area sizes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile, ballerupId } from '../../test/support/app.ts';
import { createServerDatabase } from '../../test/support/databases.ts';
import { folk1e, ligeub1 } from '../../test/support/statbank-answers.ts';
import { startStatbankStandIn, type StatbankStandIn } from '../../test/support/statbank-stand-in.ts';
import { dimsKey } from '../domain/observation/index.ts';
import { currentObservations, listBatches } from '../service/observations.ts';
import { openDatabase } from '../store/database.ts';
import { exitCodes } from './exit-codes.ts';
import { runMainText } from '../../test/support/cli.ts';

/** The whole country, Region Hovedstaden, Ballerup, Brøndby (the compared municipality) and Copenhagen. */
const AREAS = ['000', '084', '151', '153', '101'];

let standIn: StatbankStandIn;
beforeAll(async () => {
  standIn = await startStatbankStandIn([ligeub1({ areas: AREAS }), folk1e({ areas: AREAS })]);
});
afterAll(() => standIn.close());

const run = runMainText;

describe('pejlemaerke refresh of the bundled strategy from LIGEUB1', () => {
  it('asks for BULK past the cell cap, stores both tables and computes both education indicators', async () => {
    const url = await createServerDatabase();
    // 5 areas × 8 origins × 11 educations × 4 age bands × 3 sexes × 20 years = 105,600 cells: past a cap of
    // 100,000 (the setting lowers StatBank's 1,000,000), so LIGEUB1 is asked as BULK; FOLK1E's 2,130 as JSON-stat.
    const env = { DATABASE_URL: url, STATBANK_URL: standIn.baseUrl, STATBANK_MAX_CELLS: '100000' };
    expect((await run(['strategy', 'load', ballerupFile], env)).code).toBe(exitCodes.ok);
    standIn.requests.length = 0;
    const r = await run(['refresh', '--source', 'statbank'], env);
    expect(r.code, r.err).toBe(exitCodes.ok);

    const data = standIn.requests
      .filter((q) => q.path === '/v1/data')
      .map((q) => [q.body.table, q.body.format]);
    expect(data).toEqual([
      ['FOLK1E', 'JSONSTAT'],
      ['FOLK1E', 'JSONSTAT'],
      ['LIGEUB1', 'BULK'],
    ]);
    expect(r.out).toMatch(/^FOLK1E \(.*population\): 2130 figures, 2130 new or revised/m);
    expect(r.out).toMatch(
      /^LIGEUB1 \(.*ungdomsuddannelse-20-24\): 105600 figures, 105600 new or revised \(import batch \d+\); asked as BULK \(105600 cells\)$/m,
    );
    expect(r.out).toMatch(/^ungdomsuddannelse-20-24 computed from LIGEUB1: \d+ figures, \d+ new or revised/m);
    expect(r.out).toMatch(/^videregaaende-uddannelse-25-39 computed from LIGEUB1: \d+ figures/m);
    // The documented total code was found as written, and the sub-totals are said not to be read.
    expect(r.out).toContain(
      "codes: HERKOMST's total is 0 in the table; HERKOMST 21, 31 not read (not named)",
    );

    const database = await openDatabase({ url });
    try {
      const figure = async (series: string, area: string, dims: Record<string, string>) => {
        const rows = await currentObservations(database, { series, areas: [area], periods: ['2021'], dims });
        const o = rows.find((row) => dimsKey(row.dims) === dimsKey(dims));
        return o && { numerator: o.numerator, denominator: o.denominator, value: o.value };
      };
      const share = (numerator: number, denominator: number) => ({
        numerator,
        denominator,
        value: { kind: 'number', value: numerator / denominator },
      });
      const youth = 'ungdomsuddannelse-20-24';
      // 20-24: target (non-Western, HERKOMST 25 weight 3 + 35 weight 2) × age weight 3 × area size; per 100 women
      // 57 of 87 with a stated education, men 47 of 87 (Brøndby and the country: 49 of 85 and 39 of 85).
      expect(await figure(youth, '151', { group: 'target' })).toEqual(share(15 * 104, 15 * 174));
      expect(await figure(youth, '084', { group: 'target' })).toEqual(share(40 * 15 * 104, 40 * 15 * 174));
      expect(await figure(youth, '000', { group: 'target' })).toEqual(share(100 * 15 * 88, 100 * 15 * 170));
      expect(await figure(youth, '153', { group: 'target' })).toEqual(share(2 * 15 * 88, 2 * 15 * 170));
      // Danish origin (weight 20): women 82 of 100, men 78 of 100.
      expect(await figure(youth, '151', { group: 'comparison' })).toEqual(share(60 * 160, 60 * 200));
      expect(await figure(youth, '151', { group: 'target', sex: 'women' })).toEqual(share(15 * 57, 15 * 87));
      expect(await figure(youth, '151', { group: 'target', originSubgroup: 'immigrants' })).toEqual(
        share(9 * 104, 9 * 174),
      );
      const higher = 'videregaaende-uddannelse-25-39';
      // 25-39: the bands 25-29, 30-34, 35-39 summed (age weights 3 + 2 + 2 = 7); H40-H80 per 100: non-Western
      // women 23, men 19 (Brøndby and the country 19 and 14), Danish origin 37 and 31.
      expect(await figure(higher, '151', { group: 'target' })).toEqual(share(35 * 42, 35 * 174));
      expect(await figure(higher, '084', { group: 'target' })).toEqual(share(40 * 35 * 42, 40 * 35 * 174));
      expect(await figure(higher, '000', { group: 'target' })).toEqual(share(100 * 35 * 33, 100 * 35 * 170));
      expect(await figure(higher, '153', { group: 'target' })).toEqual(share(2 * 35 * 33, 2 * 35 * 170));
      expect(await figure(higher, '153', { group: 'comparison' })).toEqual(
        share(2 * 140 * 68, 2 * 140 * 200),
      );
      expect(await figure(higher, '000', { group: 'target', sex: 'men' })).toEqual(
        share(100 * 35 * 14, 100 * 35 * 85),
      );

      // Provenance: the table's batch holds the exact BULK request; the indicator's names the table and derivation.
      const batches = await listBatches(database);
      const table = batches.find(
        (b) => b.provenance.table === 'LIGEUB1' && b.provenance.query?.startsWith('POST'),
      );
      expect(table?.provenance.query).toContain(
        `POST ${standIn.baseUrl}/data {"table":"LIGEUB1","format":"BULK"`,
      );
      const derived = batches.find((b) => b.provenance.note === `${ballerupId}: ${youth}`);
      expect(derived?.provenance.query).toMatch(
        /^computed from LIGEUB1 \(import batches \d+\) as \{"origin":"HERKOMST"/,
      );
      expect(derived?.provenance.query).toContain('"numerator":{"HFUDD":["H20","H30","H35","H40"');
    } finally {
      await database.close();
    }

    // The same answers again: nothing new, for the tables or the indicators.
    const again = await run(['refresh', '--source', 'statbank'], env);
    expect(again.code).toBe(exitCodes.ok);
    const lines = again.out.split('\n').filter((l) => l !== '');
    // The share across sources has no Jobindsats figures here, nor the single ages it divides by: it says so.
    expect(
      lines.filter((l) => !/ 0 new or revised|: no figures; /.test(l)),
      again.out,
    ).toEqual([]);
  });
});
