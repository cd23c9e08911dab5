// Published values as text: Danish grouping and decimal comma, one marker ".." for every hidden value, never 0 or blank for a hidden value.
import { describe, expect, it } from 'vitest';
import { displayValue, type Cell, type Locale } from './index.ts';

describe('displayValue', () => {
  it.each<[Cell, Locale, string]>([
    [{ kind: 'count', value: 49110 }, 'da', '49.110'],
    [{ kind: 'count', value: 49110 }, 'en', '49,110'],
    [{ kind: 'count', value: 1234567 }, 'da', '1.234.567'],
    [{ kind: 'count', value: 0 }, 'da', '0'],
    [{ kind: 'count', value: 999 }, 'da', '999'],
    [{ kind: 'share', value: 0.123 }, 'da', '12,3\u00a0%'],
    [{ kind: 'share', value: 0.123 }, 'en', '12.3%'],
    [{ kind: 'share', value: 0.5 }, 'da', '50,0\u00a0%'],
    [{ kind: 'suppressed', reason: 'primary', threshold: 5 }, 'da', '..'],
    [{ kind: 'suppressed', reason: 'primary', threshold: 3 }, 'en', '..'],
    [{ kind: 'suppressed', reason: 'primary', threshold: 10 }, 'da', '..'],
    [{ kind: 'suppressed', reason: 'secondary' }, 'da', '..'],
    [{ kind: 'suppressed', reason: 'share-rule' }, 'en', '..'],
  ])('%j in %s → %s', (cell, locale, text) => {
    expect(displayValue(cell, locale)).toBe(text);
  });

  it('never shows a suppressed value as 0 or blank', () => {
    const hidden: Cell[] = [
      { kind: 'suppressed', reason: 'primary', threshold: 5 },
      { kind: 'suppressed', reason: 'secondary' },
      { kind: 'suppressed', reason: 'share-rule' },
    ];
    for (const cell of hidden)
      for (const locale of ['da', 'en'] as const) {
        const text = displayValue(cell, locale);
        expect(text.trim()).not.toBe('');
        expect(text).not.toMatch(/^0/);
      }
  });
});
