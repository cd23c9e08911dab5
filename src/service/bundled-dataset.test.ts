// The bundled offline dataset: its files and manifest agree, the illustrative FOLK1E built on the real files
// keeps its invariants, and loading it on both databases stores real and illustrative figures in separate
// batches with their provenance, shows the strategy's own figures for 151/2021K2, and stores nothing the second time.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { systemActor } from '../domain/access/index.ts';
import { buildPopulationTable, type Observation } from '../domain/observation/index.ts';
import { parseStrategyDefinition, type StrategyDefinition } from '../domain/strategy/index.ts';
import { bundledDatasetsDir } from '../sources/areas/index.ts';
import { HERKOMST_CODES } from '../sources/illustrative/index.ts';
import type { Database } from '../store/database.ts';
import {
  loadBundledDataset,
  openBundle,
  readManifest,
  seedBundledDataset,
  type BundledPartOutcome,
} from './bundled-dataset.ts';
import { loadDefinitionFile } from './strategies.ts';
import { currentObservations, findBatches, importObservations, listBatches } from './observations.ts';

const ballerupFile = new URL(
  '../../strategies/ballerup-integrationsstrategi-2021-2023.yaml',
  import.meta.url,
);
/** The strategy's own table: FOLK1E for Ballerup, 2021K2, as printed. */
const seed = { TOT: 49_110, '1': 40_272, '24': 1_589, '25': 4_317, '34': 350, '35': 2_582 } as const;
const fixedNow = () => new Date('2026-05-01T10:00:00Z');

let definition: StrategyDefinition;
beforeAll(async () => {
  const parsed = parseStrategyDefinition(await readFile(ballerupFile), 'ballerup.yaml');
  if (!parsed.ok) throw new Error('the Ballerup definition does not parse');
  definition = parsed.definition;
});

describe('the bundled files', () => {
  it('are each listed in the manifest and the README, and every listed file exists', async () => {
    const manifest = await readManifest(bundledDatasetsDir);
    const listed = new Set(manifest.files.map((f) => f.path));
    const onDisk = (await walk(bundledDatasetsDir))
      .map((f) => path.relative(bundledDatasetsDir, f))
      .filter((f) => f.endsWith('.csv') && f !== 'areas.csv');
    expect(onDisk.filter((f) => !listed.has(f))).toEqual([]);
    const readme = await readFile(path.join(bundledDatasetsDir, 'README.md'), 'utf8');
    for (const f of [...listed, 'areas.csv', 'dst/LICENSE.MIT.txt']) expect(readme, f).toContain(`\`${f}\``);
    await expect(openBundle(bundledDatasetsDir, [])).resolves.toBeDefined();
  });

  it('hold the strategy document’s table exactly as the definition prints it', async () => {
    const bundle = await openBundle(bundledDatasetsDir, [definition]);
    const part = bundle.parts('startup').find((p) => p.id.startsWith('strategy-document-folk1e'));
    const cells = new Map(
      (part?.items() ?? []).map((i) => [i.observation.dims.HERKOMST ?? '', valueOf(i.observation)]),
    );
    expect(Object.fromEntries(cells)).toEqual(seed);
    const built = buildPopulationTable(cells);
    expect(built.ok && built.totalMatches).toBe(true);
    if (built.ok) expect(built.table).toEqual(definition.targetGroup?.populationTable?.rows);
  });
});

describe('the illustrative FOLK1E on the real files', () => {
  it('sums parts to totals and municipalities to regions and country, in every area and quarter', async () => {
    const bundle = await openBundle(bundledDatasetsDir, [definition]);
    const model = bundle.folk1e();
    expect(model.areas).toHaveLength(1 + 5 + 98 + 1);
    expect(model.periods).toHaveLength(71);
    const broken: string[] = [];
    for (const period of model.periods) {
      for (const area of model.areas) {
        const c = model.cells(area, period);
        if (!c || c['1'] + c['24'] + c['25'] + c['34'] + c['35'] !== c.TOT) broken.push(`${area} ${period}`);
      }
      for (const agg of ['000', '081', '082', '083', '084', '085'])
        for (const code of HERKOMST_CODES) {
          const members = bundle.registry.membersOf(agg);
          const sum = members.reduce((s, m) => s + (model.cells(m.code, period)?.[code] ?? NaN), 0);
          if (sum !== model.cells(agg, period)?.[code]) broken.push(`${agg} ${period} ${code}`);
        }
    }
    expect(broken).toEqual([]);
  });

  it('meets the real totals (FOLK1A, FOLK1AM), matches DST’s national total, and leaves 151/2021K2 to the document', async () => {
    const model = (await openBundle(bundledDatasetsDir, [definition])).folk1e();
    expect(model.cells('151', '2019K1')?.TOT).toBe(48_458); // FOLK1A 2019Q1
    expect(model.cells('151', '2025K3')?.TOT).toBe(53_657); // FOLK1AM 2025M07
    expect(model.cells('000', '2022K1')?.TOT).toBe(5_873_420); // FOLK1A 2022Q1, All Denmark
    expect(model.cells('151', '2021K2')).toEqual(seed);
    expect(model.isMeasured('151', '2021K2')).toBe(true);
    expect(model.observations(['151']).some((o) => o.period === '2021K2')).toBe(false);
    expect(model.observations(['084']).filter((o) => o.period === '2021K2')).toHaveLength(6);
  });

  it('pins a few figures (snapshot)', async () => {
    const model = (await openBundle(bundledDatasetsDir, [definition])).folk1e();
    expect({
      ballerup2021K1: model.cells('151', '2021K1'),
      ishoej2015K1: model.cells('183', '2015K1'),
      country2025K3: model.cells('000', '2025K3'),
    }).toMatchInlineSnapshot(`
      {
        "ballerup2021K1": {
          "1": 40281,
          "24": 1574,
          "25": 4283,
          "34": 346,
          "35": 2554,
          "TOT": 49038,
        },
        "country2025K3": {
          "1": 5013132,
          "24": 308130,
          "25": 428014,
          "34": 42941,
          "35": 210203,
          "TOT": 6002420,
        },
        "ishoej2015K1": {
          "1": 14008,
          "24": 1504,
          "25": 4259,
          "34": 165,
          "35": 2089,
          "TOT": 22025,
        },
      }
    `);
  });
});

describe.each(testDatabases)('loading the bundled dataset on $name', ({ open }) => {
  let database: Database;
  let first: readonly BundledPartOutcome[];
  const ctx = () => ({ database, actor: systemActor, now: fixedNow });

  beforeAll(async () => {
    database = await open();
    const started = performance.now();
    first = await loadBundledDataset(ctx(), [definition]);
    console.log(`bundled dataset, startup scope: ${Math.round(performance.now() - started)} ms`);
  });
  afterAll(async () => database.close());

  it('stores each part as its own batch: real files with their hash, illustrative ones flagged', async () => {
    expect(first.map((o) => [o.part, o.status, o.illustrative])).toEqual([
      ['strategy-document-folk1e/startup', 'stored', false],
      ['integrationsbarometer-national-2022/startup', 'stored', false],
      ['dst-folk1am/startup', 'stored', false],
      ['dst-folk1a/startup', 'stored', false],
      ['illustrative-folk1e/startup', 'stored', true],
      [`illustrative-indicators/${definition.id}/startup`, 'stored', true],
    ]);
    const batches = await listBatches(database);
    expect(batches).toHaveLength(first.length);
    for (const b of batches) {
      const p = b.provenance;
      expect(b.illustrative).toBe(p.source === 'illustrative');
      expect(p.note).toBeTruthy();
      expect(p.licence).toBeTruthy();
      if (b.illustrative) {
        expect(p.retrievedAt.toISOString()).toBe('2026-04-01T00:00:00.000Z');
        expect(p.sha256).toBeUndefined();
      } else {
        expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(p.fileName).toMatch(/^datasets\//);
      }
    }
    const folk1am = batches.find((b) => b.provenance.table === 'FOLK1AM')?.provenance;
    expect(folk1am).toMatchObject({
      source: 'statbank',
      fileName: 'datasets/dst/socioeconomic/folk1am_population_by_municipality.csv',
    });
    expect(folk1am?.retrievedAt.toISOString()).toBe('2026-03-30T00:00:00.000Z');
  });

  it('shows exactly the strategy’s own figures for Ballerup 2021K2, from the strategy-document batch', async () => {
    const rows = await currentObservations(database, {
      series: 'FOLK1E',
      areas: ['151'],
      periods: ['2021K2'],
      dims: { KØN: 'TOT', ALDER: 'IALT' },
    });
    expect(Object.fromEntries(rows.map((r) => [r.dims.HERKOMST, valueOf(r)]))).toEqual(seed);
    expect(rows.every((r) => !r.illustrative)).toBe(true);
    const [batch] = await findBatches(database, [...new Set(rows.map((r) => r.batchId))]);
    expect(batch?.provenance).toMatchObject({ source: 'strategy-document', table: 'FOLK1E' });
    expect(batch?.provenance.note).toContain('Integrationsstrategi 2021–2023');
    // The neighbouring quarters are illustrative.
    const next = await currentObservations(database, {
      series: 'FOLK1E',
      areas: ['151'],
      periods: ['2021K3'],
    });
    expect(next).toHaveLength(6);
    expect(next.every((r) => r.illustrative)).toBe(true);
  });

  it('never mixes: every stored row carries its batch’s flag', async () => {
    const batches = new Map((await listBatches(database)).map((b) => [b.id, b.illustrative]));
    for (const series of ['FOLK1E', 'FOLK1AM', 'FOLK1A', 'INTEGRATIONSBAROMETER', 'offentlig-forsoergelse']) {
      const rows = await currentObservations(database, { series });
      expect(rows.length, series).toBeGreaterThan(0);
      for (const r of rows) expect(r.illustrative).toBe(batches.get(r.batchId));
    }
    const support = await currentObservations(database, { series: 'offentlig-forsoergelse', areas: ['151'] });
    expect(support.every((r) => r.illustrative)).toBe(true);
    const barometer = await currentObservations(database, {
      series: 'INTEGRATIONSBAROMETER',
      dims: { measure: '2.2', statistic: 'level' },
    });
    expect(barometer.map((r) => [r.area, r.period, valueOf(r), r.unit])).toEqual([
      ['000', '2022', 0.68, 'share'],
    ]);
  });

  it('stores nothing the second time', async () => {
    const before = await listBatches(database);
    const again = await loadBundledDataset(ctx(), [definition]);
    expect(again.map((o) => o.status)).toEqual(first.map(() => 'already-loaded'));
    expect(await listBatches(database)).toHaveLength(before.length);
  });

  it('would store nothing even without the batch check: the rows equal the current vintage', async () => {
    const bundle = await openBundle(bundledDatasetsDir, [definition]);
    for (const part of bundle
      .parts('startup')
      .filter((p) => p.id.startsWith('illustrative-folk1e') || p.id.startsWith('dst-folk1am'))) {
      const outcome = await importObservations(ctx(), part.provenance, part.items());
      expect(outcome.status, part.id).toBe('unchanged');
    }
  });

  it('loads the rest of the areas on request, as separate batches', async () => {
    const rest = await loadBundledDataset(ctx(), [definition], { scope: 'rest' });
    // The illustrative FOLK1E of the other 103 areas in batches of ten areas, so no transaction is long.
    const folk1eBatches = Array.from({ length: 11 }, (_, i) => [
      `illustrative-folk1e/rest-${i + 1}`,
      'stored',
      true,
    ]);
    expect(rest.map((o) => [o.part, o.status, o.illustrative])).toEqual([
      ['dst-folk1am/rest', 'stored', false],
      ['dst-folk1a/rest', 'stored', false],
      ['dst-auk01/rest', 'stored', false],
      ['dst-fvkom-turnout/rest', 'stored', false],
      ...folk1eBatches,
      [`illustrative-indicators/${definition.id}/rest`, 'stored', true],
    ]);
    expect(
      Math.max(...rest.filter((o) => o.part.startsWith('illustrative-folk1e/')).map((o) => o.stored)),
    ).toBeLessThan(5_000);
    const turnout = await currentObservations(database, {
      series: 'FVKOM-TURNOUT',
      areas: ['151'],
      periods: ['2022'],
    });
    expect(turnout.map((r) => [r.numerator, r.denominator, r.unit, r.illustrative])).toEqual([
      [28_041 + 559, 34_571, 'share', false],
    ]);
    const auk01 = await currentObservations(database, { series: 'AUK01', periods: ['2025K4'] });
    expect(auk01).toHaveLength(1 + 5 + 98); // the provinces, "Not stated" and "Abroad" are left out
    const folk1e = await currentObservations(database, {
      series: 'FOLK1E',
      periods: ['2021K2'],
      dims: { HERKOMST: 'TOT' },
    });
    expect(folk1e).toHaveLength(1 + 5 + 98 + 1);
    const all = await loadBundledDataset(ctx(), [definition], { scope: 'all' });
    expect(new Set(all.map((o) => o.status))).toEqual(new Set(['already-loaded']));
  });
});

describe('precedence over figures already stored', () => {
  const [pglite] = testDatabases;
  let database: Database;
  beforeAll(async () => {
    database = await (pglite as (typeof testDatabases)[number]).open();
  });
  afterAll(async () => database.close());

  it('leaves a measured figure in place of the illustrative one', async () => {
    const ctx = { database, actor: systemActor, now: fixedNow };
    const measured: Observation = {
      series: 'FOLK1E',
      area: '151',
      period: '2022K1',
      dims: { KØN: 'TOT', ALDER: 'IALT', HERKOMST: '25' },
      value: { kind: 'number', value: 4_500 },
      unit: 'number',
      status: 'final',
      illustrative: false,
    };
    await importObservations(
      ctx,
      { source: 'statbank', table: 'FOLK1E', retrievedAt: new Date('2026-05-01T00:00:00Z') },
      [{ line: 1, observation: measured }],
    );
    const outcomes = await loadBundledDataset(ctx, [definition]);
    expect(outcomes.find((o) => o.part === 'illustrative-folk1e/startup')?.keptBack).toBe(1);
    const [row] = await currentObservations(database, {
      series: 'FOLK1E',
      areas: ['151'],
      periods: ['2022K1'],
      dims: { HERKOMST: '25' },
    });
    expect(row).toMatchObject({ illustrative: false, value: { kind: 'number', value: 4_500 } });
  });
});

describe('seedBundledDataset, as serve calls it', () => {
  it('loads for the stored strategies, logs a line per part, and nothing the second time', async () => {
    const database = await (testDatabases[0] as (typeof testDatabases)[number]).open();
    try {
      await loadDefinitionFile({ database, actor: systemActor, now: fixedNow }, fileURLToPath(ballerupFile));
      const lines: string[] = [];
      const outcomes = await seedBundledDataset(database, (l) => lines.push(l));
      expect(outcomes.every((o) => o.status === 'stored')).toBe(true);
      expect(lines).toHaveLength(outcomes.length);
      expect(lines[0]).toMatch(
        /^datasæt strategy-document-folk1e\/startup \(målte tal\): indlæst \(6 af 6 rækker gemt, \d+ ms\)$/,
      );
      const again: string[] = [];
      await seedBundledDataset(database, (l) => again.push(l));
      expect(again).toEqual([]);
    } finally {
      await database.close();
    }
  });
});

describe('a strategy of an area the registry does not know', () => {
  it('gets no illustrative series, says why, and does not stop the rest', async () => {
    const minimal = new URL('../../test/fixtures/strategies/minimal.yaml', import.meta.url);
    const parsed = parseStrategyDefinition(await readFile(minimal), 'minimal.yaml');
    if (!parsed.ok) throw new Error('the minimal definition does not parse');
    expect(parsed.definition.organisation.areaCode).toBe('999');
    const database = await (testDatabases[0] as (typeof testDatabases)[number]).open();
    try {
      const lines: string[] = [];
      const outcomes = await loadBundledDataset(
        { database, actor: systemActor, now: fixedNow },
        [parsed.definition],
        { log: (l) => lines.push(l) },
      );
      const part = outcomes.find((o) => o.part.startsWith('illustrative-indicators/'));
      expect(part).toMatchObject({ status: 'nothing-to-load', reason: expect.stringContaining('999') });
      expect(outcomes.find((o) => o.part === 'illustrative-folk1e/startup')?.status).toBe('stored');
      expect(lines.some((l) => l.includes('intet at indlæse') && l.includes('999'))).toBe(true);
    } finally {
      await database.close();
    }
  });
});

function valueOf(o: Pick<Observation, 'value'>): number {
  return o.value.kind === 'number' ? o.value.value : NaN;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])),
  );
  return nested.flat();
}
