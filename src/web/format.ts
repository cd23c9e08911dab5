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

// Building an Intl formatter costs far more than using one: keep one per language and precision.
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(n: number, lang: Language, fractionDigits = 0): string {
  const key = `${lang}:${fractionDigits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locales[lang], {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    numberFormats.set(key, f);
  }
  return f.format(n);
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

const dateTimeFormats: Record<Language, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat(locales.da, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Copenhagen',
  }),
  en: new Intl.DateTimeFormat(locales.en, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Copenhagen',
  }),
};

/** A moment in the Danish time zone, whatever the server's zone is. */
export function formatDateTime(d: Date, lang: Language): string {
  return dateTimeFormats[lang].format(d);
}

/** A calendar date `2022-06-15` → "15. juni 2022" / "15 June 2022". */
export function formatDate(date: string, lang: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const month = monthNames[lang][Number(m[2]) - 1] ?? m[2];
  return lang === 'da' ? `${Number(m[3])}. ${month} ${m[1]}` : `${Number(m[3])} ${month} ${m[1]}`;
}
