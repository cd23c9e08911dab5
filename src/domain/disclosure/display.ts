// How a published value reads on pages, charts and downloads: Danish number formatting and the suppression markers.
import type { Cell } from './cell.ts';

export type Locale = 'da' | 'en';

const locales: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };

/**
 * "49.110" and "12,3 %" in Danish, "49,110" and "12.3%" in English; ".." for every suppressed value, whatever
 * the reason, as Danmarks Statistik marks a value it does not publish. One marker for all: a "<5" would tell a
 * reader that the value is 1 to 4 and the others at least 5, bounds that with the table's sums can pin values
 * down; the protection assumes a reader knows of a hidden value only that it is at least 1. A suppressed value
 * is never shown as 0 or left blank: both would be read as a real figure.
 */
export function displayValue(cell: Cell, locale: Locale): string {
  switch (cell.kind) {
    case 'count':
      return new Intl.NumberFormat(locales[locale], { maximumFractionDigits: 0 }).format(cell.value);
    case 'share':
      return new Intl.NumberFormat(locales[locale], {
        style: 'percent',
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(cell.value);
    case 'suppressed':
      return '..';
  }
}
