// Every reason code and status has a sentence in Danish and in English.
import { describe, expect, it } from 'vitest';
import {
  invalidReasons,
  missingReasons,
  notEnoughDataReasons,
  reasonText,
  statusTexts,
  type IndicatorStatus,
} from './index.ts';

describe('reason texts', () => {
  it.each([...invalidReasons, ...notEnoughDataReasons, ...missingReasons])(
    '%s has both languages',
    (reason) => {
      expect(reasonText(reason, 'da').length).toBeGreaterThan(5);
      expect(reasonText(reason, 'en').length).toBeGreaterThan(5);
      expect(reasonText(reason, 'da')).not.toBe(reasonText(reason, 'en'));
    },
  );

  it.each<IndicatorStatus>([
    'closing',
    'widening',
    'no-clear-change',
    'no-spread',
    'not-enough-data',
    'invalid',
  ])('status %s has both languages', (status) => {
    expect(statusTexts[status].da).not.toBe('');
    expect(statusTexts[status].en).not.toBe('');
  });
});
