// Assessment and projection from one gap series are exactly what the two separate calls give, for any series.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessIndicator,
  counts,
  evaluateIndicator,
  missing,
  plainValue,
  projectGap,
  type IndicatorSpec,
  type InputSeries,
  type Observation,
} from './index.ts';

const observation: fc.Arbitrary<Observation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .integer({ min: 1, max: 5_000 })
      .chain((n) => fc.integer({ min: 0, max: n }).map((x) => counts(x, n))),
  },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map(plainValue) },
  { weight: 1, arbitrary: fc.constant(missing('confidential')) },
  // Wrong figures too: they must give the same invalid answers both ways.
  { weight: 1, arbitrary: fc.constantFrom(counts(5, 0), counts(7, 3), plainValue(-1)) },
);

const series: fc.Arbitrary<InputSeries> = fc
  .uniqueArray(fc.integer({ min: 2015, max: 2030 }), { maxLength: 12 })
  .chain((years) =>
    fc.tuple(
      ...years.map((y) =>
        fc.record({ period: fc.constant(String(y)), target: observation, comparison: observation }),
      ),
    ),
  );

const indicator: fc.Arbitrary<IndicatorSpec> = fc.record({
  kind: fc.constantFrom('gap' as const, 'gap' as const, 'level' as const),
  unit: fc.constant('share' as const),
  gapMeasure: fc.constantFrom('difference' as const, 'ratio' as const, undefined),
  direction: fc.constantFrom('up' as const, 'down' as const, 'parity' as const),
  baseline: fc.constantFrom('2018', '2021', '2021K1', undefined),
});

describe('evaluateIndicator', () => {
  it('gives assessIndicator’s assessment and projectGap’s projection', () => {
    fc.assert(
      fc.property(indicator, series, fc.constantFrom(0.9, 0.95), (spec, s, level) => {
        const both = evaluateIndicator(spec, s, { level });
        expect(both.assessment).toEqual(assessIndicator(spec, s, { level }));
        expect(both.projection).toEqual(projectGap(spec, s, { level }));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a quarterly series with a trend the same way', () => {
    const spec: IndicatorSpec = {
      kind: 'gap',
      unit: 'share',
      gapMeasure: 'difference',
      direction: 'up',
      baseline: '2021K1',
    };
    const s: InputSeries = [1, 2, 3, 4].map((q, i) => ({
      period: `2021K${q}`,
      target: counts(300 + 20 * i, 1000),
      comparison: counts(600, 1000),
    }));
    const both = evaluateIndicator(spec, s);
    expect(both.assessment.status).toBe('closing');
    expect(both.projection.kind).toBe('reaches-zero');
    expect(both).toEqual({ assessment: assessIndicator(spec, s), projection: projectGap(spec, s) });
  });
});
