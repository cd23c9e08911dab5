// The zip guard: real workbooks pass and are rebuilt readable; bombs, lies and damage are refused before exceljs.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { IndicatorFileError } from './errors.ts';
import { buildZip, zipEntries } from './fixtures/zip-builder.ts';
import { MAX_ZIP_ENTRIES } from './limits.ts';
import { guardZip, readCentralDirectory } from './zip-guard.ts';

let workbook: Uint8Array;

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('data').addRow(['område', 'periode', 'antal']);
  wb.getWorksheet('data')?.addRow(['151', '2021', 85]);
  workbook = new Uint8Array((await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer);
});

const refused = (bytes: Uint8Array, message: RegExp) => {
  expect(() => guardZip(bytes)).toThrow(IndicatorFileError);
  expect(() => guardZip(bytes)).toThrow(message);
};

describe('guardZip', () => {
  it('passes a workbook exceljs wrote and rebuilds it so exceljs reads the same cells', async () => {
    const rebuilt = guardZip(workbook);
    expect(zipEntries(rebuilt)).toEqual(zipEntries(workbook));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(rebuilt) as never);
    expect(wb.getWorksheet('data')?.getRow(2).values).toEqual([undefined, '151', '2021', 85]);
  });

  const megabytes = (n: number) => new Uint8Array(n * 1024 * 1024);
  const cases: [string, () => Uint8Array, RegExp][] = [
    [
      'bytes that are not a zip',
      () => new TextEncoder().encode('område;periode\n151;2021\n'),
      /ikke et zip-arkiv/,
    ],
    [
      'an entry declaring a huge uncompressed size',
      () => buildZip([{ name: 'a.xml', data: new Uint8Array(10), declaredUncompressed: 0xfffffff0 }]),
      /zip-bombe/,
    ],
    [
      'an entry that inflates past what it declares',
      () => buildZip([{ name: 'a.xml', data: megabytes(2), declaredUncompressed: 1000 }]),
      /pakkes ud til mere end de 1000 byte.*zip-bombe/,
    ],
    [
      'a compression ratio over 100',
      () => buildZip([{ name: 'zeros.xml', data: megabytes(8) }]),
      /mere end 100 gange.*zip-bombe/,
    ],
    [
      'more than 50 MB uncompressed in all',
      () =>
        buildZip(
          Array.from({ length: 6 }, (_, i) => ({
            name: `s${i}.xml`,
            data: megabytes(9),
            method: 0 as const,
          })),
        ),
      /over 50 MB udpakket/,
    ],
    [
      'more than 1,000 entries',
      () =>
        buildZip(
          Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => ({ name: `e${i}`, data: new Uint8Array(1) })),
        ),
      /1001 filer/,
    ],
    [
      'directory records past the declared count',
      () =>
        buildZip(
          [
            { name: 'a', data: new Uint8Array(1) },
            { name: 'b', data: new Uint8Array(1) },
          ],
          { declaredTotal: 1 },
        ),
      /2 poster, men arkivet angiver 1/,
    ],
    [
      'a wrong CRC',
      () => buildZip([{ name: 'a.xml', data: new TextEncoder().encode('<x/>'), crc: 1 }]),
      /kontrolsummen/,
    ],
    [
      'a smaller declared size than the data',
      () =>
        buildZip([
          { name: 'a.xml', data: new TextEncoder().encode('<x>hello</x>'), declaredUncompressed: 3 },
        ]),
      /zip-bombe/,
    ],
    ['a truncated workbook', () => workbook.subarray(0, Math.floor(workbook.length / 2)), /beskadiget/],
  ];
  it.each(cases)('refuses %s', (_name, make, message) => refused(make(), message));

  it('refuses a bomb by its directory alone, without inflating it', () => {
    const bomb = buildZip([{ name: 'a.xml', data: new Uint8Array(10), declaredUncompressed: 0xfffffff0 }]);
    expect(() => readCentralDirectory(bomb)).toThrow(/zip-bombe/);
  });
});
