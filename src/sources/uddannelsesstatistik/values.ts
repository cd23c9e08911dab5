// The answer's values: figures with Danish formatting (87,5 and 1.234), shares as percentages or fractions,
// missing values, and school years (2022/2023) as the calendar year of the exam.
import type { MissingReason, ObservedValue } from '../../domain/observation/index.ts';
import type { UddannelsesstatistikValue } from './answer.ts';

/**
 * The API's documentation names no markers; Danmarks Statistik's are assumed (`..`/`x` withheld, `.` not
 * available, `-` not applicable), and an empty cell or null (a suppressed or empty row) is not available.
 */
const MARKERS: Readonly<Record<string, MissingReason>> = {
  '..': 'confidential',
  x: 'confidential',
  '.': 'not-available',
  '-': 'not-applicable',
  '': 'not-available',
};

const DANISH_NUMBER = /^-?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?$/;

export type Read<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** A number or a marker; `%` after a percentage is allowed when `percent`. */
export function readFigure(v: UddannelsesstatistikValue, percent = false): Read<ObservedValue> {
  if (v === null) return { ok: true, value: { kind: 'missing', reason: 'not-available', marker: '' } };
  if (typeof v === 'number') return { ok: true, value: { kind: 'number', value: v } };
  let t = v.trim();
  const reason = MARKERS[t];
  if (reason) return { ok: true, value: { kind: 'missing', reason, marker: t } };
  if (percent) t = t.replace(/\s*%$/, '');
  if (!DANISH_NUMBER.test(t)) return { ok: false, reason: `${JSON.stringify(v)} is not a number` };
  return { ok: true, value: { kind: 'number', value: Number(t.replace(/\./g, '').replace(',', '.')) } };
}

/** A share as a fraction 0..1, from a percentage (87,5) or a fraction (0,875). */
export function readShare(v: UddannelsesstatistikValue, scale: 'percent' | 'fraction'): Read<ObservedValue> {
  const r = readFigure(v, scale === 'percent');
  if (!r.ok || r.value.kind === 'missing') return r;
  const max = scale === 'percent' ? 100 : 1;
  if (r.value.value < 0 || r.value.value > max)
    return { ok: false, reason: `${JSON.stringify(v)} is not a share between 0 and ${max}` };
  // 79,3 / 100 is 0.7929999999999999 in binary; 15 significant digits give back the 0.793 that was written.
  const value = scale === 'percent' ? Number((r.value.value / 100).toPrecision(15)) : r.value.value;
  return { ok: true, value: { kind: 'number', value } };
}

/** The number of pupils: a whole, non-negative number, or undefined when the cell is missing. */
export function readCount(v: UddannelsesstatistikValue): Read<number | undefined> {
  const r = readFigure(v);
  if (!r.ok) return r;
  if (r.value.kind === 'missing') return { ok: true, value: undefined };
  if (!Number.isInteger(r.value.value) || r.value.value < 0)
    return { ok: false, reason: `${JSON.stringify(v)} is not a number of pupils` };
  return { ok: true, value: r.value.value };
}

/**
 * A school year as the year its exams are taken: 2022/2023 → 2023 (the 9th-grade exams are held in May and
 * June, at the end of the school year). A plain year stays as it is.
 */
export function readSchoolYear(v: UddannelsesstatistikValue): string | undefined {
  const t = String(v ?? '').trim();
  if (/^\d{4}$/.test(t)) return t;
  const m = /^(\d{4})\s*\/\s*(\d{2}|\d{4})$/.exec(t);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2]?.length === 2 ? Math.floor(start / 100) * 100 + Number(m[2]) : Number(m[2]);
  return end === start + 1 ? String(end) : undefined;
}
