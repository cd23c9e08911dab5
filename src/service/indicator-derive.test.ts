// Indicators computed from their StatBank table on both databases: stored as the indicator's own series with
// provenance naming the table, the same table twice storing nothing new, a revised cell revising the figure,
// and a table that cannot give the figure saying why.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import { dimsKey, type Observation } from '../domain/observation/index.ts';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import type { Database } from '../store/database.ts';
import { deriveIndicators } from './indicator-derive.ts';
import { currentObservations, importObservations, listBatches } from './observations.ts';
import { importStatbankFile } from './statbank-file.ts';
import { readDefinitionFile } from './strategies.ts';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const INDICATOR = 'ungdomsuddannelse-20-24';

/** The bundled strategy with the youth-education indicator computed from HFUDD11, as these tests' cells are coded. */
async function strategyWithDerivation(): Promise<StrategyDefinition> {
  const parsed = await readDefinitionFile(
    path.join(root, 'strategies', 'ballerup-integrationsstrategi-2021-2023.yaml'),
  );
  if (!parsed.ok) throw new Error('the bundled strategy does not parse');
  const definition = structuredClone(parsed.definition);
  const indicator = definition.areas.flatMap((a) => a.indicators).find((i) => i.id === INDICATOR);
  if (!indicator) throw new Error(`no indicator ${INDICATOR}`);
  indicator.source.statbank = {
    table: 'HFUDD11',
    variables: { BOPOMR: ['151'], HERKOMST: ['*'], HFUDD: ['*'], ALDER: ['*'], KØN: ['*'], Tid: ['*'] },
  };
  indicator.source.derive = {
    origin: 'HERKOMST',
    select: { ALDER: ['20-24'] },
    numerator: { HFUDD: ['H20', 'H30'] },
    denominator: { HFUDD: ['TOT'] },
    sex: { variable: 'KØN', total: 'TOT', women: 'K', men: 'M' },
  };
  return definition;
}

/** HFUDD11-shaped cells of one area and year: 100 per origin weight in all, 50 of them with youth education. */
function cells(area: string, period: string, change?: (dims: Record<string, string>) => number | undefined) {
  const weight: Record<string, number> = { '1': 10, '24': 2, '25': 3, '34': 1, '35': 4 };
  const share: Record<string, number> = { TOT: 100, H20: 30, H30: 20, H10: 50 };
  const sex: Record<string, number> = { TOT: 1, K: 0.5, M: 0.5 };
  const out: Observation[] = [];
  for (const [h, w] of Object.entries(weight))
    for (const [hfudd, s] of Object.entries(share))
      for (const [koen, k] of Object.entries(sex)) {
        const dims = { HERKOMST: h, HFUDD: hfudd, ALDER: '20-24', KØN: koen };
        out.push({
          series: 'HFUDD11',
          area,
          period,
          dims,
          value: { kind: 'number', value: change?.(dims) ?? w * s * k },
          unit: 'number',
          status: 'final',
          illustrative: false,
        });
      }
  return out;
}

describe.each(testDatabases)('derived indicators on $name', ({ open }) => {
  let database: Database;
  let clock = new Date('2026-03-01T08:00:00Z');
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => clock });
  const tick = () => (clock = new Date(clock.getTime() + 60_000));
  const provenance = () => ({ source: 'statbank' as const, table: 'HFUDD11', retrievedAt: clock });
  const items = (rows: readonly Observation[]) =>
    rows.map((observation, i) => ({ line: i + 2, observation }));
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => database.close());

  it('computes the groups and breakdowns from the table and stores them with the table named', async () => {
    const definition = await strategyWithDerivation();
    tick();
    await importObservations(ctx(), provenance(), items(cells('151', '2021')), { series: ['HFUDD11'] });
    tick();
    const [result] = await deriveIndicators(ctx(), [definition], ['HFUDD11']);
    // Target and comparison, the target's immigrants and descendants, and women and men of both groups.
    expect(result).toMatchObject({ indicator: INDICATOR, table: 'HFUDD11', skippedCount: 0 });
    expect(result?.outcome).toMatchObject({ status: 'stored', stored: 8 });
    const figures = await currentObservations(database, { series: INDICATOR, areas: ['151'] });
    const byDims = new Map(figures.map((f) => [dimsKey(f.dims), f]));
    // Target: non-Western immigrants and descendants, 50 × 7 of 100 × 7; comparison: Danish origin, as worded.
    expect(byDims.get('group=target')).toMatchObject({
      numerator: 350,
      denominator: 700,
      unit: 'share',
    });
    expect(byDims.get('group=comparison')).toMatchObject({ numerator: 500, denominator: 1000 });
    expect(byDims.get('group=target;originSubgroup=immigrants')).toMatchObject({ numerator: 150 });
    expect(byDims.get('group=comparison;sex=women')).toMatchObject({
      numerator: 250,
      denominator: 500,
    });
    const batch = (await listBatches(database)).find((b) => b.id === result?.outcome?.batchId);
    expect(batch?.provenance).toMatchObject({ source: 'statbank', table: 'HFUDD11' });
    expect(batch?.provenance.query).toMatch(
      /^computed from HFUDD11 \(import batches \d+\) as \{"origin":"HERKOMST"/,
    );
    expect(batch?.provenance.note).toBe(`ballerup-integrationsstrategi-2021-2023: ${INDICATOR}`);
  });

  it('stores nothing new from the same table, and revises the figures a revised cell changes', async () => {
    const definition = await strategyWithDerivation();
    tick();
    const [same] = await deriveIndicators(ctx(), [definition], ['HFUDD11']);
    expect(same?.outcome).toMatchObject({ status: 'unchanged', stored: 0 });
    // One more Danish-origin woman with youth education (H20) in the women's cell: the comparison's women change
    // (the table's total is a cell of its own, so the group's total stays).
    tick();
    const revised = cells('151', '2021', (d) =>
      d.HERKOMST === '1' && d.HFUDD === 'H20' && d.KØN === 'K' ? 151 : undefined,
    );
    await importObservations(ctx(), provenance(), items(revised), { series: ['HFUDD11'] });
    tick();
    const [after] = await deriveIndicators(ctx(), [definition], ['HFUDD11']);
    expect(after?.outcome).toMatchObject({ status: 'stored', stored: 1 });
    const [women] = await currentObservations(database, {
      series: INDICATOR,
      areas: ['151'],
      dims: { group: 'comparison', sex: 'women' },
    });
    expect(women).toMatchObject({ numerator: 251, denominator: 500 });
  });

  it('leaves alone indicators of other tables, and says why a table cannot give the figure', async () => {
    const definition = await strategyWithDerivation();
    expect(await deriveIndicators(ctx(), [definition], ['FOLK1E'])).toEqual([]);
    // The derived HFUDD11 fixture has no cells of non-Western immigrants (HERKOMST 25).
    tick();
    await importStatbankFile(
      ctx(),
      path.join(root, 'src', 'sources', 'statbank', 'fixtures', 'derived', 'hfudd11-151-2021-2022.csv'),
      { table: 'HFUDD11' },
    );
    const [result] = await deriveIndicators(ctx(), [definition], ['HFUDD11']);
    expect(result?.skipped[0]?.reason).toMatch(/no cells for/);
  });
});
