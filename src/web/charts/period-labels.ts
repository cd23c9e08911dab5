// Short period labels for chart axes ("K1 2019", "2019", "jan. 2019") and where a period lies in time, so a
// chart can mark the strategy's months against yearly, quarterly or monthly figures.

export type ChartLanguage = 'da' | 'en';

const shortMonths: Record<ChartLanguage, readonly string[]> = {
  da: ['jan.', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

/** `2019K1` → "K1 2019" (Danish) or "Q1 2019"; `2019M03` → "mar. 2019"; a year or any other code stays. */
export function shortPeriodLabel(period: string, lang: ChartLanguage): string {
  const q = /^(\d{4})K([1-4])$/.exec(period);
  if (q) return `${lang === 'da' ? 'K' : 'Q'}${q[2]} ${q[1]}`;
  const m = /^(\d{4})M(0[1-9]|1[0-2])$/.exec(period);
  if (m) return `${shortMonths[lang][Number(m[2]) - 1]} ${m[1]}`;
  return period;
}

/** The months a period covers as `[first, last]`, each `YYYY-MM`; undefined for a code that is no period. */
export function periodMonths(period: string): [string, string] | undefined {
  const y = /^(\d{4})$/.exec(period);
  if (y) return [`${y[1]}-01`, `${y[1]}-12`];
  const q = /^(\d{4})K([1-4])$/.exec(period);
  if (q) {
    const first = (Number(q[2]) - 1) * 3 + 1;
    return [`${q[1]}-${pad(first)}`, `${q[1]}-${pad(first + 2)}`];
  }
  const m = /^(\d{4})M(0[1-9]|1[0-2])$/.exec(period);
  if (m) return [`${m[1]}-${m[2]}`, `${m[1]}-${m[2]}`];
  return undefined;
}

/** Whether a period shares at least one month with the span `from`–`to` (months as `YYYY-MM`). */
export function periodOverlaps(period: string, from: string, to: string): boolean {
  const span = periodMonths(period);
  return span !== undefined && span[0] <= to && span[1] >= from;
}

const pad = (n: number) => String(n).padStart(2, '0');
