// Level, count and yes/no indicators: the change since the baseline with its interval, and every way of not
// judging — monitor, parity, no baseline, a wrong figure — as a typed status with its reason.
import { describe, expect, it } from 'vitest';
import {
  assessLevel,
  comparePoissonCounts,
  confidenceAt,
  counts,
  missing,
  newcombeDifference,
  plainValue,
  type AssessmentSpec,
  type InputSeries,
  type LevelStatus,
  type Observation,
} from './index.ts';

const z = confidenceAt().z;
const share: AssessmentSpec = { kind: 'level', unit: 'share', direction: 'up', baseline: '2021' };
const count: AssessmentSpec = { kind: 'count', unit: 'count', direction: 'up', baseline: '2021' };
const score: AssessmentSpec = { kind: 'level', unit: 'score', direction: 'up', baseline: '2021' };

function series(points: Record<string, Observation>): InputSeries {
  return Object.entries(points).map(([period, target]) => ({
    period,
    target,
    comparison: missing('not-applicable'),
  }));
}
const values = (vs: Record<string, number>) =>
  series(Object.fromEntries(Object.entries(vs).map(([p, v]) => [p, plainValue(v)])));
const shares = (n: number, xs: Record<string, number>) =>
  series(Object.fromEntries(Object.entries(xs).map(([p, x]) => [p, counts(x, n)])));

type Case = [string, AssessmentSpec, InputSeries, LevelStatus, string | undefined];

const cases: Case[] = [
  ['a share that rose clearly', share, shares(1000, { 2021: 300, 2023: 400 }), 'improving', undefined],
  [
    'the same rise where it should fall',
    { ...share, direction: 'down' },
    shares(1000, { 2021: 300, 2023: 400 }),
    'worsening',
    undefined,
  ],
  ['a rise inside the interval', share, shares(100, { 2021: 30, 2023: 33 }), 'no-clear-change', undefined],
  [
    'a steady share where stability is asked',
    { ...share, direction: 'stable' },
    shares(1000, { 2021: 300, 2023: 305 }),
    'steady',
    undefined,
  ],
  [
    'a clear fall where stability is asked',
    { ...share, direction: 'stable' },
    shares(1000, { 2021: 300, 2023: 200 }),
    'changed',
    undefined,
  ],
  ['a count that rose clearly', count, values({ 2021: 100, 2022: 150 }), 'improving', undefined],
  ['a count that rose a little', count, values({ 2021: 100, 2022: 110 }), 'no-clear-change', undefined],
  [
    'a count that rose where it should fall',
    { ...count, direction: 'down' },
    values({ 2021: 100, 2022: 150 }),
    'worsening',
    undefined,
  ],
  ['a count from 0', count, values({ 2021: 0, 2022: 12 }), 'improving', undefined],
  ['a score without counts', score, values({ 2021: 3.1, 2022: 3.4 }), 'no-spread', undefined],
  [
    'a fractional count (full-time persons)',
    count,
    values({ 2021: 10.5, 2022: 14.25 }),
    'no-spread',
    undefined,
  ],
  ['a share given as values', share, values({ 2021: 0.3, 2022: 0.4 }), 'no-spread', undefined],
  [
    'a monitored count',
    { ...count, direction: 'monitor' },
    values({ 2021: 100, 2022: 150 }),
    'monitor',
    undefined,
  ],
  [
    'a monitored count with no figures',
    { ...count, direction: 'monitor' },
    [],
    'not-enough-data',
    'no-figures',
  ],
  [
    'parity for a level',
    { ...share, direction: 'parity' },
    shares(1000, { 2021: 300, 2022: 400 }),
    'not-assessed',
    'parity-without-comparison',
  ],
  [
    'no baseline declared',
    { kind: 'level', unit: 'share', direction: 'up' },
    shares(1000, { 2021: 300, 2022: 400 }),
    'not-enough-data',
    'baseline-not-declared',
  ],
  [
    'a baseline without a figure',
    share,
    shares(1000, { 2022: 300, 2023: 400 }),
    'not-enough-data',
    'baseline-missing',
  ],
  [
    'a missing baseline figure',
    share,
    series({ 2021: missing('confidential'), 2022: counts(3, 10) }),
    'not-enough-data',
    'baseline-missing',
  ],
  ['the baseline only', share, shares(1000, { 2021: 300 }), 'not-enough-data', 'no-period-after-baseline'],
  [
    'a share above 1 after the baseline',
    share,
    values({ 2021: 0.3, 2022: 1.3 }),
    'invalid',
    'share-out-of-range',
  ],
  [
    'counts for a count',
    count,
    series({ 2021: counts(3, 10), 2022: counts(4, 10) }),
    'invalid',
    'counts-for-non-share-unit',
  ],
  ['a negative count', count, values({ 2021: 10, 2022: -1 }), 'invalid', 'negative-value'],
  [
    'a negative amount in kr.',
    { kind: 'level', unit: 'kr', direction: 'up', baseline: '2021' },
    values({ 2021: -100, 2022: 50 }),
    'no-spread',
    undefined,
  ],
  [
    'a baseline of another frequency',
    { ...count, baseline: '2021K1' },
    values({ 2021: 10, 2022: 11 }),
    'invalid',
    'baseline-frequency-mismatch',
  ],
  [
    'a baseline that is not a period',
    { ...count, baseline: '21' },
    values({ 2021: 10, 2022: 11 }),
    'invalid',
    'invalid-period',
  ],
  ['a series of years and quarters', count, values({ 2021: 10, '2022K1': 11 }), 'invalid', 'mixed-frequency'],
  [
    'a baseline count as a value',
    { ...count, baseline: { value: 100, year: 2020 } },
    values({ 2022: 150 }),
    'improving',
    undefined,
  ],
  [
    'a baseline share as a value',
    { ...share, baseline: { value: 0.3, year: 'unknown' } },
    shares(1000, { 2022: 400 }),
    'no-spread',
    undefined,
  ],
  [
    'a yes/no without a target',
    { kind: 'yes-no', unit: 'yes-no', direction: 'up' },
    values({ 2022: 1 }),
    'monitor',
    undefined,
  ],
  [
    'a yes against a target of yes',
    { kind: 'yes-no', unit: 'yes-no', direction: 'up', target: { value: 1, comparison: 'equal' } },
    values({ 2022: 0, 2023: 1 }),
    'target-met',
    undefined,
  ],
  [
    'a no against a target of yes',
    {
      kind: 'yes-no',
      unit: 'yes-no',
      direction: 'up',
      target: { value: 1, comparison: 'equal', year: 2030 },
    },
    values({ 2022: 1, 2023: 0 }),
    'target-not-met',
    undefined,
  ],
  [
    'a yes/no of 2',
    { kind: 'yes-no', unit: 'yes-no', direction: 'up', target: { value: 1, comparison: 'equal' } },
    values({ 2022: 2 }),
    'invalid',
    'not-yes-or-no',
  ],
];

describe('assessLevel', () => {
  it.each(cases)('%s', (_, spec, s, status, reason) => {
    const a = assessLevel(spec, s);
    expect(a.status).toBe(status);
    expect(a.reason).toBe(reason);
    expect(a.figures).toHaveLength(status === 'invalid' && reason === 'mixed-frequency' ? 0 : s.length);
  });

  it('gives a share the change in percentage points with Newcombe’s interval', () => {
    const a = assessLevel(share, shares(1000, { 2021: 300, 2022: 350, 2023: 400 }));
    const c = a.change;
    if (c?.kind !== 'estimate' || c.method !== 'newcombe')
      throw new Error(`expected a share change: ${c?.kind}`);
    const d = newcombeDifference(400, 1000, 300, 1000, z);
    expect(c.difference.estimate).toBeCloseTo(10, 10);
    expect(c.difference.lower).toBeCloseTo(d.lower * 100, 10);
    expect(c.difference.upper).toBeCloseTo(d.upper * 100, 10);
    expect([c.baseline.period, c.current.period]).toEqual(['2021', '2023']);
    expect(a.latest?.period).toBe('2023');
    expect(a.level).toBe(0.95);
  });

  it('gives a count the difference and the ratio with the conditional interval', () => {
    const a = assessLevel(count, values({ 2021: 100, 2022: 150 }));
    const c = a.change;
    if (c?.kind !== 'estimate' || c.method !== 'poisson')
      throw new Error(`expected a count change: ${c?.kind}`);
    expect(c.difference).toBe(50);
    expect(c.ratio).toEqual(comparePoissonCounts(100, 150, z).ratio);
    expect(c.baseline.figure.lower).toBeLessThan(100);
  });

  it('names a baseline value by its year, or by none when the year is unknown', () => {
    const known = assessLevel(
      { ...count, baseline: { value: 100, year: 2020 } },
      values({ 2020: 90, 2022: 150 }),
    );
    expect(known.change?.kind === 'estimate' && known.change.baseline).toMatchObject({ period: '2020' });
    // The figure of the baseline value's own year is not a period after it.
    expect(known.figures.map((f) => f.period)).toEqual(['2020', '2022']);
    const unknown = assessLevel(
      { ...share, baseline: { value: 0.3, year: 'unknown' } },
      shares(1000, { 2022: 400 }),
    );
    expect(unknown.change).toMatchObject({ kind: 'no-spread', baseline: { period: undefined } });
    expect(unknown.change?.kind === 'no-spread' && unknown.change.difference).toBeCloseTo(10, 10);
  });

  it('tells the way a change without counts went, never a status', () => {
    const up = assessLevel(score, values({ 2021: 3.1, 2022: 3.4 }));
    expect(up.change).toMatchObject({ kind: 'no-spread', observed: 'improving' });
    const stable = assessLevel({ ...score, direction: 'stable' }, values({ 2021: 3.1, 2022: 3.1 }));
    expect(stable.change).toMatchObject({ kind: 'no-spread', observed: 'unchanged' });
  });

  it('reads figures before the baseline but judges only from it on', () => {
    const a = assessLevel(count, values({ 2019: -5, 2021: 100, 2022: 150 }));
    expect(a.status).toBe('improving');
    expect(a.figures[0]?.figure.kind).toBe('invalid');
  });

  it('names the period of a wrong figure', () => {
    expect(assessLevel(count, values({ 2021: 10, 2022: Number.NaN })).details).toMatchObject({
      period: '2022',
    });
  });

  it('skips a missing latest period and judges on the last figure there is', () => {
    const a = assessLevel(
      count,
      series({ 2021: plainValue(100), 2022: plainValue(150), 2023: missing('not-yet-published') }),
    );
    expect(a.status).toBe('improving');
    expect(a.latest?.period).toBe('2022');
  });

  it('gives the latest figure of a monitored indicator', () => {
    const a = assessLevel({ ...count, direction: 'monitor' }, values({ 2021: 100, 2022: 150 }));
    expect(a.latest).toMatchObject({ period: '2022', figure: { kind: 'estimate', estimate: 150 } });
    expect(a.change).toBeUndefined();
  });
});
