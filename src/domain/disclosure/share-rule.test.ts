// The share rule: the numerator and its complement must each reach the threshold.
import { describe, expect, it } from 'vitest';
import { auditShares, protectShare, protectShares, type ShareCell } from './index.ts';

const five = { minCount: 5 };

describe('protectShare', () => {
  it.each<[number, number, ShareCell]>([
    [10, 40, { kind: 'share', value: 0.25 }],
    [5, 10, { kind: 'share', value: 0.5 }],
    [4, 40, { kind: 'suppressed', reason: 'share-rule' }],
    [36, 40, { kind: 'suppressed', reason: 'share-rule' }],
    [0, 40, { kind: 'suppressed', reason: 'share-rule' }],
    [40, 40, { kind: 'suppressed', reason: 'share-rule' }],
    [0, 0, { kind: 'suppressed', reason: 'share-rule' }],
    [6, 9, { kind: 'suppressed', reason: 'share-rule' }],
  ])('%i of %i → %j', (numerator, denominator, cell) => {
    expect(protectShare({ numerator, denominator }, five)).toEqual(cell);
  });

  it('uses the configured threshold', () => {
    expect(protectShare({ numerator: 3, denominator: 6 }, { minCount: 3 })).toEqual({
      kind: 'share',
      value: 0.5,
    });
  });

  it.each([
    [-1, 10],
    [11, 10],
    [1.5, 10],
  ])('refuses %f of %f', (numerator, denominator) => {
    expect(() => protectShare({ numerator, denominator }, five)).toThrow(/invalid share/);
  });

  it('passes the auditor', () => {
    const sources = [
      { numerator: 10, denominator: 40 },
      { numerator: 2, denominator: 40 },
      { numerator: 39, denominator: 40 },
    ];
    expect(auditShares(sources, protectShares(sources, five), five)).toEqual([]);
    expect(
      auditShares(
        sources,
        [
          { kind: 'share', value: 0.25 },
          { kind: 'share', value: 0.05 },
        ],
        five,
      ),
    ).toEqual([{ kind: 'share-rule-broken', index: 1 }]);
  });
});
