// Why a StatBank file was refused, in the page's language: each coded reason through the messages, its figures
// written as the language writes numbers, every quoted text at most 120 characters, at most 50 reasons listed.
import type { StatbankRefusal } from '../service/statbank-refusal.ts';
import type { StatbankReason } from '../service/statbank-limits.ts';
import type { Language, MessageKey, Translate } from './i18n/messages.ts';

/** Reasons listed on a page; the rest are counted ("og 1.234 flere"). */
export const MAX_LISTED_REFUSALS = 50;
/** The longest text a page quotes from what was sent. */
export const MAX_QUOTED_CHARACTERS = 120;

export function excerpt(text: string, max = MAX_QUOTED_CHARACTERS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function reasonText(t: Translate, lang: Language, why: StatbankReason): string {
  const locale = lang === 'da' ? 'da-DK' : 'en-GB';
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(why.params))
    vars[k] =
      typeof v === 'number'
        ? // Positions and line numbers read better without grouping; counts with it.
          ['line', 'column', 'k', 'position'].includes(k)
          ? String(v)
          : v.toLocaleString(locale)
        : excerpt(v);
  return excerpt(t(`statbank.reason.${why.code}` as MessageKey, vars), MAX_QUOTED_CHARACTERS * 3);
}

export interface RefusalRows {
  readonly rows: readonly { readonly line: string; readonly reason: string }[];
  /** Every refused line or reason, also those not listed. */
  readonly total: number;
  /** "og 1.234 flere", when not all are listed. */
  readonly more: string | undefined;
}

export function refusalRows(
  t: Translate,
  lang: Language,
  refusals: readonly StatbankRefusal[],
  total: number,
): RefusalRows {
  const rows = refusals.slice(0, MAX_LISTED_REFUSALS).map((r) => ({
    line: r.line > 0 ? String(r.line) : '–',
    reason: reasonText(t, lang, r.why),
  }));
  const all = Math.max(total, refusals.length);
  const rest = all - rows.length;
  return {
    rows,
    total: all,
    more:
      rest > 0
        ? t('admin.import.job.more', { n: rest.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB') })
        : undefined,
  };
}
