// When a period's figures are expected: a period (2023, 2023K4, 2023M11) ends with its last month, and its figures
// are expected `lagMonths` after that, on the first day of the month that follows: 2023K4 with a lag of 3 months
// is expected on 2024-04-01. Pure: the caller passes today's date.

const year = /^(\d{4})$/;
const quarter = /^(\d{4})K([1-4])$/;
const month = /^(\d{4})M(0[1-9]|1[0-2])$/;

/** The period's year and its last month (1–12); undefined for a code that is not a period. */
function lastMonth(code: string): { y: number; m: number; kind: 'year' | 'quarter' | 'month' } | undefined {
  let r = year.exec(code);
  if (r) return { y: Number(r[1]), m: 12, kind: 'year' };
  r = quarter.exec(code);
  if (r) return { y: Number(r[1]), m: 3 * Number(r[2]), kind: 'quarter' };
  r = month.exec(code);
  if (r) return { y: Number(r[1]), m: Number(r[2]), kind: 'month' };
  return undefined;
}

/** The period after this one, in the same kind of period: 2023 → 2024, 2023K4 → 2024K1, 2023M12 → 2024M01. */
export function followingPeriod(code: string): string | undefined {
  const p = lastMonth(code);
  if (!p) return undefined;
  switch (p.kind) {
    case 'year':
      return String(p.y + 1);
    case 'quarter':
      return p.m === 12 ? `${p.y + 1}K1` : `${p.y}K${p.m / 3 + 1}`;
    case 'month':
      return p.m === 12 ? `${p.y + 1}M01` : `${p.y}M${String(p.m + 1).padStart(2, '0')}`;
  }
}

/** The date (YYYY-MM-DD) the period's figures are expected: the first of the month `lagMonths` after its end. */
export function expectedRelease(code: string, lagMonths: number): string | undefined {
  const p = lastMonth(code);
  if (!p || !Number.isInteger(lagMonths) || lagMonths < 0) return undefined;
  const months = p.y * 12 + (p.m - 1) + 1 + lagMonths;
  const y = Math.floor(months / 12);
  const m = (months % 12) + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}

/** Later of two period codes of the same kind (codes of one kind sort as text). */
export function laterPeriod(a: string | undefined, b: string): string {
  return a === undefined || comparePeriods(b, a) > 0 ? b : a;
}

/**
 * Orders period codes by their last month, then year before quarter before month (a year and its fourth quarter
 * end together).
 */
export function comparePeriods(a: string, b: string): number {
  const pa = lastMonth(a);
  const pb = lastMonth(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  const ea = pa.y * 12 + pa.m;
  const eb = pb.y * 12 + pb.m;
  if (ea !== eb) return ea - eb;
  const rank = { year: 0, quarter: 1, month: 2 } as const;
  return rank[pa.kind] - rank[pb.kind];
}
