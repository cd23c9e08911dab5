// The CSV cell rules for Danish Excel: decimal commas, fixed decimals, formulas kept as text, quoting.
import { describe, expect, it } from 'vitest';
import { csvCell, toExcelCsv } from './csv-download.ts';

describe('CSV cells for Danish Excel', () => {
  it.each([
    [57.8, '57,8'],
    [{ number: 60, decimals: 1 }, '60,0'],
    [{ number: -27.2, decimals: 1 }, '-27,2'], // a number, so not guarded as a formula
    [{ number: 1.5, decimals: 2 }, '1,50'],
    [{ number: Number.NaN, decimals: 1 }, ''],
    ['-1+1', "'-1+1"],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['a;b', '"a;b"'],
    ['sagde "hej"', '"sagde ""hej"""'],
    ['"x";y', '"""x"";y"'],
    [null, ''],
    [undefined, ''],
  ] as const)('%j is written %s', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it('starts with a BOM and ends every record with CRLF', () => {
    expect(toExcelCsv(['a', 'b'], [[1, 'æ']])).toBe('\uFEFFa;b\r\n1;æ\r\n');
  });
});
