// Numbers, months, periods and dates the way Danish (or English) readers expect them.
import type { Language } from './i18n/messages.ts';

const locales: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };
const monthNames: Record<Language, readonly string[]> = {
  da: [
    'januar',
    'februar',
    'marts',
    'april',
    'maj',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'december',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

export function formatNumber(n: number, lang: Language, fractionDigits = 0): string {
  return new Intl.NumberFormat(locales[lang], {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(n);
}

/** `2021-09` → "september 2021". */
export function formatMonth(month: string, lang: Language): string {
  const [y, m] = month.split('-');
  return `${monthNames[lang][Number(m) - 1] ?? m} ${y}`;
}

/** `2021K2` → "2. kvartal 2021"; `2021M09` → "september 2021"; `2021` stays. */
export function formatPeriod(period: string, lang: Language): string {
  const q = /^(\d{4})K([1-4])$/.exec(period);
  if (q) return lang === 'da' ? `${q[2]}. kvartal ${q[1]}` : `Q${q[2]} ${q[1]}`;
  const m = /^(\d{4})M(\d{2})$/.exec(period);
  if (m) return formatMonth(`${m[1]}-${m[2]}`, lang);
  return period;
}

/** A moment in the Danish time zone, whatever the server's zone is. */
export function formatDateTime(d: Date, lang: Language): string {
  return new Intl.DateTimeFormat(locales[lang], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Copenhagen',
  }).format(d);
}
