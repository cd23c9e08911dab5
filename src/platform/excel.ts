// exceljs, loaded the first time a workbook is read or written: it is the largest package the system uses (some
// 27 MB of memory once loaded), and most commands and most requests never touch a workbook.
import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

export function loadExcel(): Promise<typeof ExcelJS> {
  return (loading ??= import('exceljs').then((m) => m.default));
}
