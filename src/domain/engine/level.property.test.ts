// Properties of the level engine over random valid figures: intervals bracket their estimates, a clear status
// is never given on an interval that includes no change, and turning the direction round turns the status round.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessLevel,
  combineAreaStatus,
  combineOutcomes,
  comparePoissonCounts,
  confidenceAt,
  counts,
  missing,
  plainValue,
  poissonInterval,
  type AssessmentSpec,
  type IndicatorStatus,
  type LevelStatus,
  type Observation,
} from './index.ts';

const share = fc
  .integer({ min: 1, max: 10_000 })
  .chain((n) => fc.record({ x: fc.integer({ min: 0, max: n }), n: fc.constant(n) }));
const count = fc.integer({ min: 0, max: 100_000 });
const level = fc.constantFrom(0.8, 0.9, 0.95, 0.99);
const point = (target: Observation, period: string) => ({
  period,
  target,
  comparison: missing('not-applicable'),
});
const flipped: Partial<Record<LevelStatus, LevelStatus>> = { improving: 'worsening', worsening: 'improving' };

describe('level interval properties', () => {
  it('the Poisson interval brackets the count and stays at or above 0', () => {
    fc.assert(
      fc.property(count, level, (x, l) => {
        const e = poissonInterval(x, confidenceAt(l).z);
        return 0 <= e.lower && e.lower <= x && x <= e.upper;
      }),
      { numRuns: 2000 },
    );
  });

  it('the ratio of two counts brackets its estimate', () => {
    fc.assert(
      fc.property(count, count, level, (x1, x2, l) => {
        const c = comparePoissonCounts(x1, x2, confidenceAt(l).z);
        const inShare = c.share.lower <= c.share.estimate && c.share.estimate <= c.share.upper;
        const r = c.ratio;
        return (
          inShare && (x1 === 0 ? r === undefined : !!r && r.lower <= r.estimate && r.estimate <= r.upper)
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('a share’s change brackets its estimate, and a clear status means an interval clear of 0', () => {
    fc.assert(
      fc.property(share, share, level, (a, b, l) => {
        const spec: AssessmentSpec = { kind: 'level', unit: 'share', direction: 'up', baseline: '2021' };
        const r = assessLevel(spec, [point(counts(a.x, a.n), '2021'), point(counts(b.x, b.n), '2022')], {
          level: l,
        });
        const c = r.change;
        if (c?.kind !== 'estimate' || c.method !== 'newcombe') return false;
        const d = c.difference;
        expect(d.estimate).toBeCloseTo((b.x / b.n - a.x / a.n) * 100, 8);
        const clear = d.lower > 0 || d.upper < 0;
        return d.lower <= d.estimate && d.estimate <= d.upper && (r.status === 'no-clear-change') === !clear;
      }),
      { numRuns: 3000 },
    );
  });
});

describe('direction properties', () => {
  const turned = (spec: Omit<AssessmentSpec, 'direction'>, obs: [Observation, Observation]) => {
    const s = [point(obs[0], '2021'), point(obs[1], '2022')];
    const up = assessLevel({ ...spec, direction: 'up' }, s).status;
    const down = assessLevel({ ...spec, direction: 'down' }, s).status;
    return down === (flipped[up] ?? up);
  };

  it('turning up into down swaps improving and worsening for shares', () => {
    fc.assert(
      fc.property(share, share, (a, b) =>
        turned({ kind: 'level', unit: 'share', baseline: '2021' }, [counts(a.x, a.n), counts(b.x, b.n)]),
      ),
      { numRuns: 2000 },
    );
  });

  it('turning up into down swaps improving and worsening for counts', () => {
    fc.assert(
      fc.property(count, count, (x1, x2) =>
        turned({ kind: 'count', unit: 'count', baseline: '2021' }, [plainValue(x1), plainValue(x2)]),
      ),
      { numRuns: 2000 },
    );
  });

  it('a stable indicator is steady exactly where up and down both see no clear change', () => {
    fc.assert(
      fc.property(count, count, (x1, x2) => {
        const s = [point(plainValue(x1), '2021'), point(plainValue(x2), '2022')];
        const spec = { kind: 'count', unit: 'count', baseline: '2021' } as const;
        const stable = assessLevel({ ...spec, direction: 'stable' }, s).status;
        const up = assessLevel({ ...spec, direction: 'up' }, s).status;
        return stable === (up === 'no-clear-change' ? 'steady' : 'changed');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('area outcome properties', () => {
  const gapStatus = fc.constantFrom<IndicatorStatus>(
    'closing',
    'widening',
    'no-clear-change',
    'no-spread',
    'not-enough-data',
    'invalid',
  );

  it('gives an area of gaps only exactly what the gap rule gives', () => {
    fc.assert(
      fc.property(fc.array(gapStatus, { maxLength: 12 }), (statuses) => {
        const old = combineAreaStatus(statuses);
        const now = combineOutcomes(statuses.map((status) => ({ status, gap: true })));
        return now.status === old.status && now.voting === old.voting && now.total === old.total;
      }),
      { numRuns: 2000 },
    );
  });
});
