// Days and moments as Danes read them: the audit log's date filters and the CSV's timestamps are in
// Copenhagen time (CET/CEST), whatever the server's zone is.
const zone = 'Europe/Copenhagen';

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: zone,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far Copenhagen's clock is ahead of UTC at `at`, in milliseconds. */
function offsetMs(at: number): number {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  const local = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return local - Math.floor(at / 1000) * 1000;
}

/** `2026-01-31` → that calendar day, or undefined when it is not one (2026-02-30). */
export function parseDay(text: string): { y: number; m: number; d: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
    ? { y, m: mo, d }
    : undefined;
}

/** The moment a Copenhagen calendar day begins (midnight never falls in a daylight-saving gap here). */
export function startOfDay(day: { y: number; m: number; d: number }): Date {
  const guess = Date.UTC(day.y, day.m - 1, day.d);
  const first = guess - offsetMs(guess);
  return new Date(guess - offsetMs(first));
}

export function nextDay(day: { y: number; m: number; d: number }): { y: number; m: number; d: number } {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + 1));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const stamp = new Intl.DateTimeFormat('sv-SE', {
  timeZone: zone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** `2026-01-15 11:00:00`: Copenhagen time in the form Excel reads as a date and time. */
export function copenhagenStamp(d: Date): string {
  return stamp.format(d);
}

export function copenhagenDate(d: Date): string {
  return copenhagenStamp(d).slice(0, 10);
}
