// Calendar dates as the forms send them (YYYY-MM-DD, the value of <input type="date">). A date that does not
// exist — 2023-02-30, 2023-13-01 — is refused, never rolled over into the next month.

export type DateProblem = 'format' | 'doesNotExist' | 'outOfRange';

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(raw: string): { ok: true; date: string } | { ok: false; problem: DateProblem } {
  const m = pattern.exec(raw.trim());
  if (!m) return { ok: false, problem: 'format' };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 2000 || y > 2100) return { ok: false, problem: 'outOfRange' };
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return { ok: false, problem: 'doesNotExist' };
  return { ok: true, date: `${m[1]}-${m[2]}-${m[3]}` };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The calendar date of an instant in Danish time, as YYYY-MM-DD. */
export function danishDate(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(at);
}
