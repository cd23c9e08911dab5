// Importing figures the database already holds, on both databases: unchanged, partly and fully changed
// re-imports, keys with several vintages, periods added and left out, and a re-import whose series differ. Each
// import's outcome and the current figures afterwards are checked against a model of what must hold: a figure is
// stored when it differs from its key's current vintage (or has none), and the newest given figure is current.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import type { Observation } from '../domain/observation/index.ts';
import type { Database } from '../store/database.ts';
import { InvalidInputError } from './errors.ts';
import {
  currentObservations,
  findBatches,
  importObservations,
  listBatches,
  vintagesOf,
  type ImportItem,
} from './observations.ts';

type Figure = Observation['value'];

interface Row {
  readonly series: string;
  readonly area: string;
  readonly period: string;
  readonly sex: string;
  readonly value: Figure;
  readonly unit?: string;
  readonly status?: 'final' | 'provisional';
  readonly numerator?: number;
}

const areas = ['101', '147', '151'];
const sexes = ['1', '2'];
const periods = (from: number, to: number) => {
  const out: string[] = [];
  for (let y = from; y <= to; y++) for (let q = 1; q <= 4; q++) out.push(`${y}K${q}`);
  return out;
};

/** Every key of a series over the periods, its figure from `value` (a few of them missing). */
function table(series: string, ps: readonly string[], value: (i: number) => number, over = areas): Row[] {
  const rows: Row[] = [];
  let i = 0;
  for (const period of ps)
    for (const area of over)
      for (const sex of sexes) {
        const n = i++;
        rows.push({
          series,
          area,
          period,
          sex,
          value:
            n % 37 === 5
              ? { kind: 'missing', reason: 'confidential', marker: '..' }
              : { kind: 'number', value: value(n) },
          ...(n % 11 === 3 ? { numerator: n } : {}),
        });
      }
  return rows;
}

const keyOf = (r: { series: string; area: string; period: string; sex: string }) =>
  `${r.series}|${r.area}|${r.period}|${r.sex}`;

/** What a figure is, for comparing: its value, unit, status and numerator. */
const sameness = (r: Row) =>
  JSON.stringify([r.value, r.unit ?? 'number', r.status ?? 'final', r.numerator ?? null]);

describe.each(testDatabases)('re-importing figures on $name', ({ open }) => {
  let database: Database;
  let clock = new Date('2026-03-01T09:00:00Z');
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => clock });
  /** The current figure of every key imported so far, as the imports must leave it. */
  const model = new Map<string, Row>();

  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => database.close());

  const items = (rows: readonly Row[]): ImportItem[] =>
    rows.map((r, i) => ({
      line: i + 2,
      observation: {
        series: r.series,
        area: r.area,
        period: r.period,
        dims: { KØN: r.sex },
        value: r.value,
        unit: r.unit ?? 'number',
        status: r.status ?? 'final',
        illustrative: false,
        ...(r.numerator === undefined ? {} : { numerator: r.numerator }),
      },
    }));

  /**
   * Imports the rows (in windows of `window` figures, so keys span several segments) and checks the outcome
   * against the model: the figures that differ from the current ones are stored, under a batch of their own.
   */
  async function reimport(rows: readonly Row[], series: readonly string[], window?: number) {
    clock = new Date(clock.getTime() + 60_000);
    const differing = rows.filter((r) => {
      const before = model.get(keyOf(r));
      return before === undefined || sameness(before) !== sameness(r);
    });
    const batchesBefore = (await listBatches(database)).length;
    const provenance = {
      source: 'file' as const,
      fileName: `import-${clock.toISOString()}.csv`,
      retrievedAt: clock,
    };
    const outcome = await importObservations(ctx(), provenance, items(rows), {
      series,
      ...(window === undefined ? {} : { segmentWindow: window }),
    });
    expect(outcome).toMatchObject({
      status: differing.length === 0 ? 'unchanged' : 'stored',
      received: rows.length,
      stored: differing.length,
      unchanged: rows.length - differing.length,
    });
    expect((await listBatches(database)).length).toBe(batchesBefore + (differing.length === 0 ? 0 : 1));
    if (outcome.batchId !== undefined) {
      const [batch] = await findBatches(database, [outcome.batchId]);
      expect(batch).toMatchObject({ rowsReceived: rows.length, rowsStored: differing.length });
      expect(batch?.provenance.fileName).toBe(provenance.fileName);
    }
    for (const r of rows) model.set(keyOf(r), r);
    await expectCurrent(new Set([...model.values()].map((r) => r.series)));
    return { outcome, differing };
  }

  /** The current figures of the series are exactly the model's. */
  async function expectCurrent(series: ReadonlySet<string>) {
    for (const s of series) {
      const stored = await currentObservations(database, { series: s });
      const got = stored.map(
        (o) =>
          [
            `${o.series}|${o.area}|${o.period}|${o.dims.KØN}`,
            JSON.stringify([o.value, o.unit, o.status, o.numerator ?? null]),
          ] as const,
      );
      const want = [...model.values()]
        .filter((r) => r.series === s)
        .map((r) => [keyOf(r), sameness(r)] as const);
      expect(new Map(got)).toEqual(new Map(want));
      expect(got.length).toBe(want.length);
    }
  }

  const first = table('RE1', periods(2019, 2022), (i) => (i * 31) % 500);

  it('stores a first import whole, and nothing of the same figures again, in windows or not', async () => {
    await reimport(first, ['RE1']);
    const again = await reimport(first, ['RE1']);
    expect(again.outcome).toEqual({
      status: 'unchanged',
      received: first.length,
      stored: 0,
      unchanged: first.length,
    });
    // Keys split over windows of 40 figures: several staged segments for each stored one.
    await reimport(first, ['RE1'], 40);
    // In another order of rows: the same figures, each key's periods in another order.
    await reimport([...first].reverse(), ['RE1']);
  });

  it('stores only the changed figures of a partly changed re-import, each as a new vintage of its batch', async () => {
    const changed = first.map((r, i) =>
      i % 29 === 7 && r.value.kind === 'number'
        ? { ...r, value: { kind: 'number' as const, value: r.value.value + 1 } }
        : r,
    );
    const { outcome, differing } = await reimport(changed, ['RE1']);
    expect(differing.length).toBeGreaterThan(3);
    const revised = differing[0] as Row;
    const vintages = await vintagesOf(database, {
      series: 'RE1',
      area: revised.area,
      period: revised.period,
      dims: { KØN: revised.sex },
    });
    expect(vintages).toHaveLength(2);
    expect(vintages[0]?.batchId).toBe(outcome.batchId);
    expect(vintages.map((v) => v.value)).toEqual([
      (revised.value as { value: number }).value,
      (revised.value as { value: number }).value - 1,
    ]);
    // The keys now have two vintages: the same file again stores nothing, in windows or not; the first file
    // again stores the figures it had before, as the newest vintage.
    await reimport(changed, ['RE1']);
    await reimport(changed, ['RE1'], 40);
    await reimport(first, ['RE1'], 40);
    await reimport(changed, ['RE1']);
  });

  it('stores every figure of a fully changed re-import, and a changed unit, status, marker or numerator', async () => {
    const all = first.map((r) => ({
      ...r,
      value: { kind: 'number' as const, value: 10_000 + keyOf(r).length },
    }));
    const { differing } = await reimport(all, ['RE1']);
    expect(differing.length).toBe(first.length);
    const otherwise = all.map((r, i) =>
      i === 0
        ? { ...r, unit: 'pct.' }
        : i === 1
          ? { ...r, status: 'provisional' as const }
          : i === 2
            ? { ...r, value: { kind: 'missing' as const, reason: 'confidential' as const, marker: '..' } }
            : i === 3
              ? { ...r, numerator: 5 }
              : r,
    );
    expect((await reimport(otherwise, ['RE1'])).differing).toHaveLength(4);
    const marked = otherwise.map((r, i) =>
      i === 2
        ? { ...r, value: { kind: 'missing' as const, reason: 'confidential' as const, marker: 'x' } }
        : r,
    );
    expect((await reimport(marked, ['RE1'], 40)).differing).toHaveLength(1);
    await reimport(marked, ['RE1']);
  });

  it('stores the periods a re-import adds and nothing for those it leaves out', async () => {
    const now = [...model.values()].filter((r) => r.series === 'RE1');
    const later = table('RE1', periods(2023, 2023), (i) => i);
    // The last two years of what is stored, and a new one.
    const recent = [...now.filter((r) => r.period >= '2021'), ...later];
    expect((await reimport(recent, ['RE1'])).differing).toHaveLength(later.length);
    await reimport(recent, ['RE1'], 40);
    // A new area too, and one area left out.
    const wider = [
      ...recent.filter((r) => r.area !== '147'),
      ...table('RE1', periods(2022, 2023), (i) => i * 3, ['153']),
    ];
    expect((await reimport(wider, ['RE1'])).differing).toHaveLength(2 * 4 * 2);
    await reimport(wider, ['RE1']);
  });

  it('stores the series a re-import adds, nothing of one it repeats, and keeps one it leaves out', async () => {
    const two = [
      ...table('RE2', periods(2020, 2021), (i) => i % 7),
      ...table('RE3', periods(2020, 2021), (i) => i % 5),
    ];
    await reimport(two, ['RE2', 'RE3']);
    // RE2 is left out, RE3 repeated unchanged, RE4 is new.
    const four = table('RE4', periods(2020, 2021), (i) => i % 3);
    const next = [...table('RE3', periods(2020, 2021), (i) => i % 5), ...four];
    expect((await reimport(next, ['RE3', 'RE4'])).differing).toEqual(four);
    await reimport(next, ['RE4', 'RE3'], 40);
    // RE2's figures are still current (the model says so and `reimport` checked it).
    expect(await currentObservations(database, { series: 'RE2' })).toHaveLength(2 * 4 * 3 * 2);
  });

  it('stores nothing of a re-import with changed figures when one figure is given twice', async () => {
    const now = [...model.values()].filter((r) => r.series === 'RE3');
    const changed = now.map((r) => ({ ...r, value: { kind: 'number' as const, value: 99 } }));
    const before = (await listBatches(database)).length;
    const refused = await importObservations(
      ctx(),
      { source: 'file', retrievedAt: clock },
      items([...changed, changed[0] as Row]),
      { series: ['RE3'] },
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((await listBatches(database)).length).toBe(before);
    await expectCurrent(new Set(['RE3']));
  });
  it('stores changed figures once or twice, never half, when two re-imports of them run at once', async () => {
    const now = [...model.values()].filter((r) => r.series === 'RE4');
    const changed = now.map((r, i) =>
      i % 3 === 0 ? { ...r, value: { kind: 'number' as const, value: 7_000 + i } } : r,
    );
    const expected = changed.filter((_, i) => i % 3 === 0).length;
    clock = new Date(clock.getTime() + 60_000);
    const both = await Promise.all(
      ['a', 'b'].map((name) =>
        importObservations(ctx(), { source: 'file', fileName: name, retrievedAt: clock }, items(changed), {
          series: ['RE4'],
        }),
      ),
    );
    // Each compares with what was committed when it compared: the changed figures, or nothing after the other.
    for (const outcome of both) expect([0, expected]).toContain(outcome.stored);
    expect(both.some((o) => o.stored === expected)).toBe(true);
    for (const r of changed) model.set(keyOf(r), r);
    await expectCurrent(new Set(['RE4']));
    await reimport(changed, ['RE4']);
  });
});
