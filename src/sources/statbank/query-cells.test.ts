// A request's cells counted from its query and the table's code lists, before it is sent.
import { describe, expect, it } from 'vitest';
import { asksForEveryCode, queryCells } from './query-cells.ts';
import type { TableInfo } from './tableinfo.ts';

const values = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i), text: String(i) }));
const info = {
  id: 'LIGEUB1',
  text: 'x',
  unit: 'Antal',
  updated: '2025-04-01T08:00:00',
  variables: [
    { id: 'BOPOMR', text: 'område', elimination: true, time: false, values: values(105) },
    { id: 'HERKOMST', text: 'herkomst', elimination: true, time: false, values: values(8) },
    { id: 'KØN', text: 'køn', elimination: true, time: false, values: values(3) },
    { id: 'Tid', text: 'tid', elimination: false, time: true, values: values(20) },
  ],
} as TableInfo;

describe('queryCells', () => {
  it('counts a * by the code list and listed codes once each', () => {
    const q = {
      table: 'LIGEUB1',
      variables: { BOPOMR: ['*'], HERKOMST: ['10', '25', '25'], KØN: ['*'], Tid: ['*'] },
    };
    expect(queryCells(q, info)).toEqual({ cells: 105 * 2 * 3 * 20, omitted: [], unknown: [] });
    expect(asksForEveryCode(q)).toBe(true);
  });

  it('cannot count a * without the code list, and names what the query leaves out or the table lacks', () => {
    expect(queryCells({ table: 'LIGEUB1', variables: { BOPOMR: ['*'] } }).cells).toBeUndefined();
    expect(queryCells({ table: 'LIGEUB1', variables: { BOPOMR: ['151'], Tid: ['2024'] } }).cells).toBe(1);
    expect(queryCells({ table: 'LIGEUB1', variables: { bopomr: ['151'], ALDER: ['20-24'] } }, info)).toEqual({
      cells: 1,
      omitted: ['HERKOMST', 'KØN', 'Tid'],
      unknown: ['ALDER'],
    });
  });
});
