// A derivation's codes matched to a table's spelling of them: leading zeros added or dropped, the total found.
import { describe, expect, it } from 'vitest';
import type { Derivation } from '../strategy/schema.ts';
import { canonicalCode, derivationReads, resolveDerivationCodes } from './derive-codes.ts';

const derivation: Derivation = {
  origin: 'HERKOMST',
  originCodes: { '0': 'all', TOT: 'all', '10': 'danish', '25': 'non-western-immigrant' },
  select: { ALDER: ['20-24'] },
  numerator: { HFUDD: ['H20'] },
  denominator: { HFUDD: ['H10', 'H20'] },
  sex: { variable: 'KØN', total: 'TOT', women: 'K', men: 'M' },
};
const table = (codes: Record<string, string[]>) =>
  new Map(Object.entries(codes).map(([v, c]) => [v, new Set(c)]));

describe('canonicalCode', () => {
  it('drops the leading zeros of an all-digit code only', () => {
    expect(['000', '084', '0', '00', '10', '010', 'H20', 'TOT', '20-24'].map(canonicalCode)).toEqual([
      '0',
      '84',
      '0',
      '0',
      '10',
      '10',
      'H20',
      'TOT',
      '20-24',
    ]);
  });
});

describe('resolveDerivationCodes', () => {
  it('keeps codes the table has as written and names the total it found', () => {
    const r = resolveDerivationCodes(
      derivation,
      table({ HERKOMST: ['TOT', '10', '25', '21'], HFUDD: ['H10', 'H20'] }),
    );
    expect(r.derivation.originCodes).toEqual(derivation.originCodes);
    expect(r.notes).toEqual(["HERKOMST's total is TOT in the table", 'HERKOMST 21 not read (not named)']);
  });

  it('takes the table’s spelling of an all-digit code, either way, and says so', () => {
    const r = resolveDerivationCodes(
      { ...derivation, originCodes: { '000': 'all', '010': 'danish', '25': 'non-western-immigrant' } },
      table({ HERKOMST: ['0', '10', '025'] }),
    );
    expect(r.derivation.originCodes).toEqual({ '0': 'all', '10': 'danish', '025': 'non-western-immigrant' });
    expect(r.notes).toEqual([
      // In the order of the definition's keys as JavaScript keeps them: integer-like keys ("25") first.
      'HERKOMST 25 is 025 in the table',
      'HERKOMST 000 is 0 in the table',
      'HERKOMST 010 is 10 in the table',
      "HERKOMST's total is 0 in the table",
    ]);
  });

  it('leaves a code the table lacks as it is, so the derivation names it absent, and says no total was found', () => {
    const r = resolveDerivationCodes(derivation, table({ HERKOMST: ['10', '25'], HFUDD: ['H10', 'H21'] }));
    expect(r.derivation.numerator).toEqual({ HFUDD: ['H20'] });
    expect(r.notes).toEqual(['HERKOMST has none of the total codes named (0, TOT)']);
  });
});

describe('derivationReads', () => {
  it('reads the cells of named origins, the selection, either part and a sex the derivation reads', () => {
    const cell = { HERKOMST: '25', ALDER: '20-24', HFUDD: 'H10', KØN: 'K' };
    expect(derivationReads(derivation, cell)).toBe(true);
    expect(derivationReads(derivation, { ...cell, HERKOMST: '21' })).toBe(false);
    expect(derivationReads(derivation, { ...cell, ALDER: '25-29' })).toBe(false);
    expect(derivationReads(derivation, { ...cell, HFUDD: 'H90' })).toBe(false);
    expect(derivationReads(derivation, { ...cell, KØN: 'X' })).toBe(false);
  });
});
