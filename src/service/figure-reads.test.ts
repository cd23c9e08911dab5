// Series handed over one at a time, on both databases: each with its figures per area and the batches behind
// them, in the order asked; a handler's failure ends the reading without leaving a read unhandled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import type { Observation } from '../domain/observation/index.ts';
import type { Database } from '../store/database.ts';
import { forEachSeries } from './figure-reads.ts';
import { importObservations } from './observations.ts';

const figure = (series: string, area: string, period: string, value: number): Observation => ({
  series,
  area,
  period,
  dims: { group: 'target' },
  value: { kind: 'number', value },
  unit: 'score',
  status: 'final',
  illustrative: false,
});

describe.each(testDatabases)('forEachSeries on $name', ({ open }) => {
  let database: Database;

  beforeAll(async () => {
    database = await open();
    const rows = ['a', 'b', 'c'].flatMap((series) =>
      ['101', '151'].flatMap((area) => ['2021', '2022'].map((p) => figure(series, area, p, 1))),
    );
    await importObservations(
      { database, actor: cliActor('tester'), now: () => new Date('2026-01-01T00:00:00Z') },
      { source: 'file', fileName: 'x.csv', retrievedAt: new Date('2026-01-01T00:00:00Z'), licence: 'test' },
      rows.map((observation, i) => ({ line: i + 1, observation })),
    );
  });
  afterAll(async () => database.close());

  for (const areas of [['101', '151'], ['151']])
    it(`hands each series in order with its figures per area (${areas.length} areas)`, async () => {
      const seen: [string, string[], number, number][] = [];
      await forEachSeries(database, { series: ['c', 'a', 'missing'], areas }, (series, byArea, batches) =>
        seen.push([
          series,
          [...byArea.keys()].sort(),
          [...byArea.values()].reduce((n, f) => n + f.length, 0),
          batches.size,
        ]),
      );
      expect(seen).toEqual([
        ['c', areas, 2 * areas.length, 1],
        ['a', areas, 2 * areas.length, 1],
        ['missing', [], 0, 1],
      ]);
    });

  it('passes a handler’s failure on, and can read again afterwards', async () => {
    await expect(
      forEachSeries(database, { series: ['a', 'b', 'c'], areas: ['101', '151'] }, (series) => {
        if (series === 'a') throw new Error('stop here');
      }),
    ).rejects.toThrow('stop here');
    let count = 0;
    await forEachSeries(database, { series: ['a', 'b', 'c'], areas: ['101', '151'] }, () => count++);
    expect(count).toBe(3);
  });
});
