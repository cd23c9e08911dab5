// Real figures and illustrative ones are never read together: on both databases, with the bundled dataset
// loaded, an indicator file uploaded for one indicator and area replaces that area's illustrative series whole
// (no generator value beside the uploaded ones, a skipped year kept as a hole), while the other areas and
// indicators stay illustrative, and the area status counts each view as it is shown.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import { missing, plainValue, type SeriesPoint } from '../domain/engine/index.ts';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import { csvTemplate } from '../sources/files/index.ts';
import type { CurrentFigure } from '../store/observation-store.ts';
import type { Database } from '../store/database.ts';
import { loadBundledDataset } from './bundled-dataset.ts';
import { importIndicatorFile } from './indicator-file.ts';
import { importObservations } from './observations.ts';
import { areaSummaries, indicatorView, indicatorViews } from './indicators.ts';
import { figuresToShow, withHoles } from './real-figures.ts';
import { getStrategy, loadDefinitionFile } from './strategies.ts';

const strategyFile = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..',
  'strategies',
  'ballerup-integrationsstrategi-2021-2023.yaml',
);
const SCORE = 'oplevet-deltagelse-i-boligsociale-aktiviteter';
const SANCTIONS = 'sanktionering';

describe('figuresToShow', () => {
  const figure = (period: string, illustrative: boolean): CurrentFigure => ({
    period,
    dims: { group: 'target' },
    value: 0.5,
    missingReason: null,
    numerator: null,
    denominator: null,
    batchId: illustrative ? '1' : '2',
    illustrative,
  });

  it('keeps only the real figures once one is there, and every figure otherwise', () => {
    const generated = [figure('2023', true), figure('2024', true)];
    expect(figuresToShow(generated)).toBe(generated);
    const real = [figure('2022', false)];
    expect(figuresToShow(real)).toBe(real);
    expect(figuresToShow([...generated, figure('2022', false)]).map((f) => f.period)).toEqual(['2022']);
    expect(figuresToShow([])).toEqual([]);
  });
});

describe('withHoles', () => {
  const point = (period: string): SeriesPoint => ({
    period,
    target: plainValue(1),
    comparison: plainValue(2),
  });
  const none = missing('not-available');

  it('adds a period without figures wherever a year, quarter or month is skipped', () => {
    expect(withHoles(['2019', '2020', '2022'].map(point))).toEqual([
      point('2019'),
      point('2020'),
      { period: '2021', target: none, comparison: none },
      point('2022'),
    ]);
    expect(withHoles(['2021K3', '2022K2'].map(point)).map((p) => p.period)).toEqual([
      '2021K3',
      '2021K4',
      '2022K1',
      '2022K2',
    ]);
    expect(withHoles(['2021M11', '2022M02'].map(point)).map((p) => p.period)).toEqual([
      '2021M11',
      '2021M12',
      '2022M01',
      '2022M02',
    ]);
  });

  it('leaves a whole series, a mixed one and one with a bad period as they are', () => {
    const whole = ['2020', '2021'].map(point);
    expect(withHoles(whole)).toBe(whole);
    const mixed = ['2020', '2022K1'].map(point);
    expect(withHoles(mixed)).toBe(mixed);
    const bad = ['2020', 'later'].map(point);
    expect(withHoles(bad)).toBe(bad);
  });
});

describe.each(testDatabases)('real figures beside the bundled illustrative ones on $name', ({ open }) => {
  let database: Database;
  let definition: StrategyDefinition;
  let clock = new Date('2026-03-01T09:00:00Z');
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => clock });
  const tick = () => (clock = new Date(clock.getTime() + 60_000));

  const upload = async (indicatorId: string, name: string, lines: readonly string[]) => {
    tick();
    const ind = definition.areas.flatMap((a) => a.indicators).find((i) => i.id === indicatorId);
    if (!ind) throw new Error(`no indicator ${indicatorId}`);
    const template = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csvTemplate(definition, ind));
    const bytes = new TextEncoder().encode(template + lines.map((l) => `${l}\r\n`).join(''));
    return importIndicatorFile(ctx(), definition, indicatorId, { name, bytes });
  };

  beforeAll(async () => {
    database = await open();
    const loaded = await loadDefinitionFile(ctx(), strategyFile);
    const stored = await getStrategy(database, loaded.version.strategyId);
    if (!stored) throw new Error('no strategy');
    definition = stored.definition;
    tick();
    await loadBundledDataset(ctx(), [definition], { scope: 'startup' });
  });
  afterAll(async () => database.close());

  it('shows the uploaded scores alone, with no generator value beside them', async () => {
    const before = await indicatorView(database, definition, SCORE, '151');
    expect(before?.illustrative).toBe(true);
    // The generator's survey rounds run to 2024; the upload covers 2020–2023.
    expect(before?.rows.map((r) => r.period)).toContain('2024');

    const outcome = await upload(SCORE, 'boligsocial-2020-2023.csv', [
      '151;2020;målgruppe;68,5',
      '151;2020;sammenligning;72,0',
      '151;2021;målgruppe;69,0',
      '151;2021;sammenligning;71,5',
      '151;2022;målgruppe;70,5',
      '151;2022;sammenligning;72,5',
      '151;2023;målgruppe;71,0',
      '151;2023;sammenligning;72,0',
    ]);
    expect(outcome.status).toBe('stored');

    const after = await indicatorView(database, definition, SCORE, '151');
    expect(after?.illustrative).toBe(false);
    expect(after?.rows.map((r) => r.period)).toEqual(['2020', '2021', '2022', '2023']);
    expect(after?.rows.map((r) => r.target.share)).toEqual(
      [68.5, 69, 70.5, 71].map((value) => ({ kind: 'value', value })),
    );
    expect(after?.sources.map((s) => [s.provenance.source, s.illustrative])).toEqual([['file', false]]);
  });

  it('keeps a skipped year as a hole and leaves the other areas illustrative, each on its own', async () => {
    const generated = await indicatorView(database, definition, SANCTIONS, '000');
    expect(generated?.illustrative).toBe(true);
    await upload(SANCTIONS, 'sanktioner.csv', [
      '151;2019;målgruppe;i alt;i alt;40;400',
      '151;2019;sammenligning;i alt;i alt;90;1500',
      '151;2020;målgruppe;i alt;i alt;44;410',
      '151;2020;sammenligning;i alt;i alt;95;1480',
      '151;2022;målgruppe;i alt;i alt;38;420',
      '151;2022;sammenligning;i alt;i alt;88;1510',
    ]);
    const own = await indicatorView(database, definition, SANCTIONS, '151');
    expect(own?.illustrative).toBe(false);
    expect(own?.rows.map((r) => [r.period, r.target.share.kind, r.gap.kind])).toEqual([
      ['2019', 'value', 'value'],
      ['2020', 'value', 'value'],
      ['2021', 'missing', 'missing'],
      ['2022', 'value', 'value'],
    ]);
    // No breakdown was uploaded, so none is shown: the generator's sex and origin series are not read either.
    expect(own?.breakdowns).toEqual([]);

    const country = await indicatorView(database, definition, SANCTIONS, '000');
    expect(country?.illustrative).toBe(true);
    expect(country?.rows).toEqual(generated?.rows);
  });

  it('reads the same views for many areas at once', async () => {
    const all = await indicatorViews(database, definition, ['151', '000']);
    const byId = (area: string, id: string) => all.get(area)?.find((v) => v.indicator.id === id);
    expect(byId('151', SANCTIONS)?.rows).toEqual(
      (await indicatorView(database, definition, SANCTIONS, '151'))?.rows,
    );
    expect(byId('151', SANCTIONS)?.illustrative).toBe(false);
    expect(byId('151', SCORE)?.illustrative).toBe(false);
    expect(byId('000', SANCTIONS)?.illustrative).toBe(true);
  });

  it('never lets an illustrative figure stored later supersede a real one', async () => {
    const id = 'videregaaende-uddannelse-25-39';
    await upload(id, 'videregaaende.csv', [
      '151;2016;målgruppe;i alt;i alt;120;400',
      '151;2016;sammenligning;i alt;i alt;900;2000',
    ]);
    tick();
    // As a load racing the upload could: the generator's figure for the very same key, stored afterwards.
    await importObservations(
      ctx(),
      { source: 'illustrative', retrievedAt: clock, note: 'a later generated figure' },
      [
        {
          line: 1,
          observation: {
            series: id,
            area: '151',
            period: '2016',
            dims: { group: 'target' },
            value: { kind: 'number', value: 0.9 },
            numerator: 360,
            denominator: 400,
            unit: 'share',
            status: 'final',
            illustrative: true,
          },
        },
      ],
    );
    const view = await indicatorView(database, definition, id, '151');
    expect(view?.illustrative).toBe(false);
    expect(
      view?.rows.map((r) => [r.period, r.target.share.kind === 'value' && r.target.share.value]),
    ).toEqual([['2016', 0.3]]);
    const all = await indicatorViews(database, definition, ['151', '000']);
    expect(all.get('151')?.find((v) => v.indicator.id === id)?.rows).toEqual(view?.rows);
  });

  it('counts each indicator in the area status as it is shown', async () => {
    const summaries = await areaSummaries(database, definition, '151');
    const flags = new Map(summaries.flatMap((s) => s.indicators.map((i) => [i.id, i.illustrative])));
    expect(flags.get(SCORE)).toBe(false);
    expect(flags.get(SANCTIONS)).toBe(false);
    // Everything not uploaded is still illustrative and says so.
    expect(flags.get('offentlig-forsoergelse')).toBe(true);
    const own = await indicatorView(database, definition, SANCTIONS, '151');
    const sanctionsArea = summaries.find((s) => s.indicators.some((i) => i.id === SANCTIONS));
    expect(sanctionsArea?.indicators.find((i) => i.id === SANCTIONS)?.status).toBe(own?.assessment.status);
  });
});
