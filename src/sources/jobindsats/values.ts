// Jobindsats' cells as values: figures written with Danish formatting (1.234 and 12,5), the missing-value
// markers, and periods (2023M01, 2023K1/2023Q1, 2023).
import { normalisePeriod, type MissingReason, type ObservedValue } from '../../domain/observation/index.ts';
import type { JobindsatsCell } from './answer.ts';

/**
 * Markers for figures that are not shown, taken as Danmarks Statistik uses them, since the Jobindsats API's
 * documentation names none: `..`/`x` withheld for discretion, `.` not available, `-` nil or not applicable.
 */
const MARKERS: Readonly<Record<string, MissingReason>> = {
  '..': 'confidential',
  x: 'confidential',
  '.': 'not-available',
  '-': 'not-applicable',
};

/** Either 1234 / 1234,5 or with thousands points 1.234 / 1.234.567,5 — never a point as decimal separator. */
const DANISH_NUMBER = /^-?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?$/;

export type CellValue = { readonly ok: true; readonly value: ObservedValue } | { readonly ok: false };

export function cellValue(cell: JobindsatsCell): CellValue {
  if (typeof cell === 'number') return { ok: true, value: { kind: 'number', value: cell } };
  const t = cell.trim();
  const reason = MARKERS[t];
  if (reason) return { ok: true, value: { kind: 'missing', reason, marker: t } };
  if (!DANISH_NUMBER.test(t)) return { ok: false };
  return { ok: true, value: { kind: 'number', value: Number(t.replace(/\./g, '').replace(',', '.')) } };
}

/** 2023M01 → 2023M01, 2023Q1 → 2023K1, 2023 → 2023; undefined for anything else (rolling years, weeks). */
export function periodOf(cell: JobindsatsCell): string | undefined {
  return normalisePeriod(String(cell));
}
