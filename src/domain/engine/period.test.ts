// Period parsing, ordering and placement on the time axis, including the typed error for a bad string.
import { describe, expect, it } from 'vitest';
import { comparePeriods, parsePeriod, periodIndex, toDecimalYear, type Period } from './index.ts';

function parsed(text: string): Period {
  const p = parsePeriod(text);
  if ('kind' in p) throw new Error(`expected ${text} to parse`);
  return p;
}

describe('parsePeriod', () => {
  it.each([
    ['2021', { frequency: 'year', year: 2021, label: '2021' }],
    ['2021K1', { frequency: 'quarter', year: 2021, quarter: 1, label: '2021K1' }],
    ['2021K4', { frequency: 'quarter', year: 2021, quarter: 4, label: '2021K4' }],
    ['2021M01', { frequency: 'month', year: 2021, month: 1, label: '2021M01' }],
    ['2021M12', { frequency: 'month', year: 2021, month: 12, label: '2021M12' }],
  ])('reads %s', (text, expected) => {
    expect(parsePeriod(text)).toEqual(expected);
  });

  it.each([
    '',
    '21',
    '2021K0',
    '2021K5',
    '2021Q2',
    '2021M1',
    '2021M00',
    '2021M13',
    ' 2021',
    '2021 ',
    '2021-09',
    'K22021',
  ])('gives a typed error for %j', (text) => {
    expect(parsePeriod(text)).toEqual({ kind: 'invalid-period', input: text });
  });
});

describe('toDecimalYear puts each period at its midpoint', () => {
  it.each([
    ['2021', 2021.5],
    ['2021K1', 2021.125],
    ['2021K2', 2021.375],
    ['2021K4', 2021.875],
    ['2021M01', 2021 + 1 / 24],
    ['2021M07', 2021.5 + 1 / 24],
    ['2021M12', 2022 - 1 / 24],
  ])('%s → %f', (text, year) => {
    expect(toDecimalYear(parsed(text))).toBeCloseTo(year, 12);
  });
});

describe('ordering', () => {
  it.each([
    ['2020', '2021', -1],
    ['2021K4', '2022K1', -1],
    ['2021K2', '2021K2', 0],
    ['2022M01', '2021M12', 1],
    ['2021M03', '2021M01', 2],
  ])('compares %s with %s', (a, b, sign) => {
    expect(comparePeriods(parsed(a), parsed(b))).toBe(sign);
  });

  it('numbers neighbouring periods consecutively', () => {
    expect(periodIndex(parsed('2022K1')) - periodIndex(parsed('2021K4'))).toBe(1);
    expect(periodIndex(parsed('2022M01')) - periodIndex(parsed('2021M12'))).toBe(1);
  });

  it('refuses to order periods of different frequency', () => {
    expect(() => comparePeriods(parsed('2021'), parsed('2021K2'))).toThrow(/different frequency/);
  });
});
