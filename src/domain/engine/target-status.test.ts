// Targets: met on the latest figure, judged on it once the year has come, otherwise on track or off track at
// the pace since the baseline — and "no clear trend" where the projected range allows both.
import { describe, expect, it } from 'vitest';
import {
  assessLevel,
  counts,
  missing,
  plainValue,
  type AssessmentSpec,
  type InputSeries,
  type LevelStatus,
  type LevelTarget,
  type Observation,
} from './index.ts';

function series(points: Record<string, Observation>): InputSeries {
  return Object.entries(points).map(([period, target]) => ({
    period,
    target,
    comparison: missing('not-applicable'),
  }));
}
const shares = (n: number, xs: Record<string, number>) =>
  series(Object.fromEntries(Object.entries(xs).map(([p, x]) => [p, counts(x, n)])));
const values = (vs: Record<string, number>) =>
  series(Object.fromEntries(Object.entries(vs).map(([p, v]) => [p, plainValue(v)])));

const share = (target: LevelTarget): AssessmentSpec => ({
  kind: 'level',
  unit: 'share',
  direction: 'up',
  baseline: '2021',
  target,
});
const count = (target: LevelTarget): AssessmentSpec => ({
  kind: 'count',
  unit: 'count',
  direction: 'down',
  baseline: '2021',
  target,
});
/** 30 % rising 5 points a year on 1,000 people: about 45 % in 2024, 55 % projected for 2026. */
const rising = shares(1000, { 2021: 300, 2022: 350, 2023: 400, 2024: 450 });
const falling = shares(1000, { 2021: 450, 2022: 400, 2023: 350, 2024: 300 });
/** 200 falling by 20 a year: 140 in 2024, about 80 projected for 2027 with a wide range. */
const fewer = values({ 2021: 200, 2022: 180, 2023: 160, 2024: 140 });

type Case = [string, AssessmentSpec, InputSeries, LevelStatus, number?];
const cases: Case[] = [
  ['met already', share({ value: 0.4, year: 2030, comparison: 'at-least' }), rising, 'target-met'],
  [
    'on track for 50 % by 2026',
    share({ value: 0.5, year: 2026, comparison: 'at-least' }),
    rising,
    'on-track',
  ],
  [
    'off track for 60 % by 2026',
    share({ value: 0.6, year: 2026, comparison: 'at-least' }),
    rising,
    'off-track',
  ],
  [
    'no clear trend for 55 % by 2026',
    share({ value: 0.55, year: 2026, comparison: 'at-least' }),
    rising,
    'no-clear-trend',
  ],
  ['on track without a year', share({ value: 0.6, comparison: 'at-least' }), rising, 'on-track'],
  ['off track without a year', share({ value: 0.6, comparison: 'at-least' }), falling, 'off-track'],
  [
    'not met once the year has come',
    share({ value: 0.6, year: 2023, comparison: 'at-least' }),
    rising,
    'target-not-met',
  ],
  [
    'not met once the year has passed by the calendar',
    share({ value: 0.6, year: 2023, comparison: 'at-least' }),
    shares(1000, { 2021: 300, 2022: 350 }),
    'target-not-met',
    2025,
  ],
  [
    'unclear when the latest interval holds the target',
    share({ value: 0.5, year: 2022, comparison: 'at-least' }),
    shares(100, { 2021: 40, 2022: 48 }),
    'target-unclear',
  ],
  [
    'on track to at most 130 by 2027',
    count({ value: 130, year: 2027, comparison: 'at-most' }),
    fewer,
    'on-track',
  ],
  [
    'no clear trend to at most 100 by 2027',
    count({ value: 100, year: 2027, comparison: 'at-most' }),
    fewer,
    'no-clear-trend',
  ],
  ['equal, reached', count({ value: 140, comparison: 'equal' }), fewer, 'target-met'],
  ['equal, approached from above', count({ value: 50, comparison: 'equal' }), fewer, 'on-track'],
  [
    'figures without counts',
    {
      kind: 'level',
      unit: 'score',
      direction: 'up',
      baseline: '2021',
      target: { value: 5, year: 2030, comparison: 'at-least' },
    },
    values({ 2021: 3, 2022: 3.5, 2023: 4 }),
    'no-spread',
  ],
  [
    'too few periods for a pace: the change decides',
    share({ value: 0.6, year: 2030, comparison: 'at-least' }),
    shares(1000, { 2021: 300, 2022: 350 }),
    'improving',
  ],
];

describe('targets', () => {
  it.each(cases)('%s', (_, spec, s, status, currentYear) => {
    expect(assessLevel(spec, s, currentYear === undefined ? {} : { currentYear }).status).toBe(status);
  });

  it('gives the projected range to the target year and the pace per year', () => {
    const a = assessLevel(share({ value: 0.6, year: 2026, comparison: 'at-least' }), rising);
    const t = a.target;
    if (t?.kind !== 'pace') throw new Error(`expected a pace: ${t?.kind}`);
    expect(t.slope.estimate).toBeCloseTo(0.05, 10);
    expect(t.projected?.year).toBe(2026);
    expect(t.projected?.value.estimate).toBeCloseTo(0.55, 10);
    expect(t.projected?.value.lower).toBeLessThan(0.55);
    expect(t.projected?.value.upper).toBeLessThan(0.6);
    expect(t.points).toBe(4);
    // The change since the baseline is still there beside the target's judgement.
    expect(a.change).toMatchObject({ kind: 'estimate', movement: 'improving' });
  });

  it('keeps a projected share inside 0–1', () => {
    const a = assessLevel(share({ value: 0.99, year: 2060, comparison: 'at-least' }), rising);
    expect(a.target?.kind === 'pace' && a.target.projected?.value.upper).toBe(1);
  });

  it('tells the way figures without counts move, towards the target or away', () => {
    const spec: AssessmentSpec = {
      kind: 'level',
      unit: 'weeks',
      direction: 'down',
      baseline: '2021',
      target: { value: 10, comparison: 'at-most' },
    };
    expect(assessLevel(spec, values({ 2021: 20, 2022: 18 })).target).toMatchObject({
      kind: 'no-spread',
      observed: 'towards',
    });
    expect(assessLevel(spec, values({ 2021: 20, 2022: 22 })).target).toMatchObject({
      kind: 'no-spread',
      observed: 'away',
    });
  });

  it('says why it waits when no figure has come since the baseline', () => {
    const a = assessLevel(share({ value: 0.6, comparison: 'at-least' }), shares(1000, { 2020: 300 }));
    expect(a.target).toMatchObject({ kind: 'not-enough-data', reason: 'no-figures' });
    expect(a.status).toBe('not-enough-data');
    expect(a.reason).toBe('baseline-missing');
  });
});
