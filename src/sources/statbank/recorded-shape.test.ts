// The fixtures in recorded-shape/ are what test/support/statbank-answers.ts makes (so the stand-in serves what
// these files show), and each reads with this project's readers as a real answer of its kind does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordedShapeFixtures } from '../../../test/support/statbank-answers.ts';
import { readJsonStat, readStatbankCsv, readTableInfo } from './index.ts';

const dir = path.join(import.meta.dirname, 'fixtures', 'recorded-shape');
const fixtures = recordedShapeFixtures();

describe('recorded-shape fixtures', () => {
  it.each(fixtures.map((f) => [f.file, f.content]))('%s is what the generator makes', (file, content) => {
    expect(readFileSync(path.join(dir, file), 'utf8')).toBe(content);
  });

  it('reads the tableinfo answers, with the documented code lists', () => {
    const ligeub1 = readTableInfo(readFileSync(path.join(dir, 'LIGEUB1.tableinfo.da.json')));
    expect(ligeub1.variables.map((v) => [v.id, v.values.length])).toEqual([
      ['BOPOMR', 105],
      ['HERKOMST', 8],
      ['HFUDD', 11],
      ['ALDER', 12],
      ['KØN', 3],
      ['Tid', 20],
    ]);
    const folk1e = readTableInfo(readFileSync(path.join(dir, 'FOLK1E.tableinfo.da.json')));
    expect(folk1e.variables.map((v) => [v.id, v.values.length])).toEqual([
      ['OMRÅDE', 105],
      ['KØN', 3],
      ['ALDER', 127],
      ['HERKOMST', 6],
      ['Tid', 71],
    ]);
  });

  it('reads the JSON-stat answers, ContentsCode before Tid', () => {
    const ds = readJsonStat(readFileSync(path.join(dir, 'ligeub1-000-084-151-2023-2024.jsonstat.json')));
    expect(ds.dimensions.map((d) => d.id)).toEqual([
      'BOPOMR',
      'HERKOMST',
      'HFUDD',
      'ALDER',
      'KØN',
      'ContentsCode',
      'Tid',
    ]);
    expect([...ds.cells()]).toHaveLength(3 * 8 * 11 * 3 * 2);
    const folk = readJsonStat(readFileSync(path.join(dir, 'folk1e-all-areas-2025K3.jsonstat.json')));
    expect([...folk.cells()]).toHaveLength(105 * 6);
  });

  it('reads the CSV and BULK answers: BOM, semicolons, CRLF', () => {
    for (const [file, rows] of [
      ['ligeub1-151-153-2024.csv', 2 * 8 * 11 * 2 * 3],
      ['ligeub1-all-areas-20-24-2024.bulk.csv', 105 * 8 * 11 * 3],
    ] as const) {
      const bytes = readFileSync(path.join(dir, file));
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8')).toMatch(
        /^\uFEFFBOPOMR;HERKOMST;HFUDD;ALDER;KØN;TID;INDHOLD\r\n\d{3};0;TOT;20-24;TOT;2024;\d+\r\n/,
      );
      expect(readStatbankCsv(bytes).rows).toHaveLength(rows);
    }
  });
});
