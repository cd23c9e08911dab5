// The second strategy of the test fixtures beside the bundled one, with figures for three of its indicators: a
// share with counts that rises clearly, a count of club members, and days of absence against a target. Shared by
// the in-process crawl (src/web/second-strategy.test.ts) and the browser checks (test/browser/).
import path from 'node:path';
import { systemActor } from '../../src/domain/access/index.ts';
import type { Observation } from '../../src/domain/observation/index.ts';
import { importObservations } from '../../src/service/observations.ts';
import type { Database } from '../../src/store/database.ts';
import { ballerupFile, repoRoot, startTestApp, type TestApp } from './app.ts';

export const secondFile = path.join(
  repoRoot,
  'test',
  'fixtures',
  'strategies',
  'eksempelby-politiske-maal.yaml',
);
export const secondId = 'eksempelby-politiske-maal';
export const secondBase = `/strategier/${secondId}`;

/** One figure of the second strategy's own area (999), as an import line; a share unless `extra` says other. */
export const secondStrategyFigure = (
  series: string,
  period: string,
  value: number,
  extra: Partial<Observation> = {},
) => ({
  line: 1,
  observation: {
    series,
    area: '999',
    period,
    dims: { group: 'target' },
    value: { kind: 'number' as const, value },
    unit: 'share',
    status: 'final' as const,
    illustrative: false,
    ...extra,
  },
});

/** Stores the second strategy's figures, as the municipality would upload them. */
export async function importSecondStrategyFigures(database: Database): Promise<void> {
  const ctx = { database, actor: systemActor, now: () => new Date('2026-03-01T12:00:00Z') };
  const provenance = (table: string) => ({
    source: 'file' as const,
    table,
    fileName: `${table}.csv`,
    retrievedAt: new Date('2026-03-01T12:00:00Z'),
    note: 'indberettet af kommunen',
  });
  // Wellbeing rises clearly from the baseline: a share with counts behind it.
  await importObservations(ctx, provenance('trivsel-andel'), [
    secondStrategyFigure('trivsel-andel', '2023', 0.7, { numerator: 1400, denominator: 2000 }),
    secondStrategyFigure('trivsel-andel', '2024', 0.78, { numerator: 1560, denominator: 2000 }),
  ]);
  // Members of the sports clubs: whole counts, a Poisson interval.
  await importObservations(ctx, provenance('foreningsmedlemmer'), [
    secondStrategyFigure('foreningsmedlemmer', '2023', 4200, { unit: 'count' }),
    secondStrategyFigure('foreningsmedlemmer', '2024', 4650, { unit: 'count' }),
  ]);
  // Absence in days against a baseline value and a target of at most 10.
  await importObservations(ctx, provenance('fravaer-dage'), [
    secondStrategyFigure('fravaer-dage', '2024', 11.2, { unit: 'days' }),
  ]);
}

/** Both definitions loaded, the second with its figures. */
export async function startAppWithBothStrategies(): Promise<TestApp> {
  const t = await startTestApp([ballerupFile, secondFile]);
  await importSecondStrategyFigures(t.database);
  return t;
}
