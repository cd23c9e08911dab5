// One view with a sex breakdown: the men's 3 of 50 is hidden, and so is enough else that 20 − 17 does not give it.
import { describe, expect, it } from 'vitest';
import { disclosureConfig } from '../domain/disclosure/index.ts';
import type { Indicator } from '../domain/strategy/index.ts';
import type { CurrentFigure } from '../store/observation-store.ts';
import { buildView } from './indicator-view.ts';

const indicator = {
  id: 'x',
  kind: 'gap',
  unit: 'share',
  gapMeasure: 'difference',
  direction: 'up',
  baseline: '2021',
  breakdowns: ['sex'],
} as unknown as Indicator;

const figure = (
  period: string,
  dims: Record<string, string>,
  numerator: number,
  denominator: number,
): CurrentFigure => ({
  period,
  dims,
  value: numerator / denominator,
  missingReason: null,
  numerator,
  denominator,
  batchId: '1',
  illustrative: false,
});

describe('buildView', () => {
  it('protects the breakdown with the total: total 20 of 100, women 17 of 50, men 3 of 50', () => {
    const rows: CurrentFigure[] = [];
    for (const period of ['2021', '2022']) {
      rows.push(figure(period, { group: 'target' }, 20, 100));
      rows.push(figure(period, { group: 'target', sex: 'women' }, 17, 50));
      rows.push(figure(period, { group: 'target', sex: 'men' }, 3, 50));
      rows.push(figure(period, { group: 'comparison' }, 400, 1000));
      rows.push(figure(period, { group: 'comparison', sex: 'women' }, 200, 500));
      rows.push(figure(period, { group: 'comparison', sex: 'men' }, 200, 500));
    }
    const view = buildView(indicator, '151', rows, new Map(), disclosureConfig(), 'da');
    const sex = view.breakdowns.find((b) => b.kind === 'sex');
    const women = sex?.values.find((v) => v.value === 'women')?.rows[1];
    const men = sex?.values.find((v) => v.value === 'men')?.rows[1];
    const total = view.rows[1];
    expect(men?.target.share).toEqual({ kind: 'suppressed', display: '..' });
    // The total's share and the women's cannot both be shown: with the sizes they give 20 − 17 = 3.
    expect(total?.target.share.kind === 'value' && women?.target.share.kind === 'value').toBe(false);
    // A hidden share hides its gap; the comparison, with nothing small, is published in full.
    expect(men?.gap).toEqual({ kind: 'suppressed', display: '..' });
    expect(women?.comparison?.share.kind).toBe('value');
    expect(total?.comparison?.share.kind).toBe('value');
  });
});
