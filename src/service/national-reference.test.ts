// The national reference: the measures file agrees with the bundled figures, a broken measures file is refused
// with the file and the field named, and an indicator's reference is read from the stored figures only.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../domain/access/index.ts';
import { ballerup, indicator } from '../sources/files/fixtures/ballerup.ts';
import { bundledDatasetsDir } from '../sources/areas/index.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { loadBundledDataset } from './bundled-dataset.ts';
import { BAROMETER_MEASURES_FILE, nationalReference, readBarometerMeasures } from './national-reference.ts';

describe('the measures file', () => {
  it('describes exactly the measures of the figures file, gaps in points and shares in per cent', async () => {
    const measures = await readBarometerMeasures();
    const csv = await readFile(
      path.join(bundledDatasetsDir, 'integrationsbarometer/national-2022.csv'),
      'utf8',
    );
    const levels = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(';'))
      .filter((c) => c[1] === 'level')
      .map((c) => [c[0], c[5] === 'percentage-points' ? 'gap' : 'share']);
    expect(measures.measures.map((m) => [m.measure, m.figure])).toEqual(levels);
    // Every measure an indicator of the bundled strategy names is described.
    const named = ballerup.areas.flatMap((a) => a.indicators).flatMap((i) => i.nationalMeasure ?? []);
    expect(named.length).toBeGreaterThan(0);
    for (const m of named) expect(measures.measures.map((x) => x.measure)).toContain(m);
  });

  it('refuses a broken file, naming the file and the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'barometer-'));
    try {
      await mkdir(path.join(dir, 'integrationsbarometer'));
      const file = path.join(dir, BAROMETER_MEASURES_FILE);
      await writeFile(file, '{ "formatVersion": 1,');
      await expect(readBarometerMeasures(dir)).rejects.toThrow(/^integrationsbarometer\/measures\.json: /);
      const good = JSON.parse(await readFile(path.join(bundledDatasetsDir, BAROMETER_MEASURES_FILE), 'utf8'));
      good.measures[0].figure = 'ratio';
      await writeFile(file, JSON.stringify(good));
      await expect(readBarometerMeasures(dir)).rejects.toThrow(
        /^integrationsbarometer\/measures\.json: measures\.0\.figure: /,
      );
      // A measure's note on how it differs must be in both languages.
      good.measures[0].figure = 'gap';
      good.measures[0].note = { da: 'Kun på dansk' };
      await writeFile(file, JSON.stringify(good));
      await expect(readBarometerMeasures(dir)).rejects.toThrow(
        /^integrationsbarometer\/measures\.json: measures\.0\.note\.en: /,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("an indicator's national reference", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database);
  });
  afterAll(async () => database.close());

  it('is there only once the figures are stored, as a share or as a gap', async () => {
    const youth = indicator('ungdomsuddannelse-20-24');
    expect(await nationalReference(database, youth)).toBeUndefined();
    await loadBundledDataset({ database, actor: cliActor('tester'), now: () => new Date() }, [ballerup]);
    expect(await nationalReference(database, youth)).toMatchObject({
      measure: '2.2',
      figure: 'share',
      period: '2022',
      level: 0.68,
      change: 12,
      baseline: undefined,
      report: { publisher: 'Udlændinge- og Integrationsministeriet', published: '2022-11' },
    });
    expect(await nationalReference(database, indicator('danskproeve-inden-5-aar'))).toMatchObject({
      level: 0.62,
      change: -5,
    });
    expect(await nationalReference(database, indicator('offentlig-forsoergelse'))).toBeUndefined();
    // 1.1, the employment gap, names its baseline; no indicator of the bundled strategy names the measure.
    const gap = { ...youth, nationalMeasure: '1.1' };
    expect(await nationalReference(database, gap)).toMatchObject({
      figure: 'gap',
      level: 20,
      change: -6,
      baseline: '2012',
    });
    expect(await nationalReference(database, { ...youth, nationalMeasure: '9.9' })).toBeUndefined();
  });
});
