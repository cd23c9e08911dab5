// Figures in their unit as the pages write them, Danish style: "12,5 %", "14,2 uger", "12,5 kr.", "3 ha",
// "1.234 ton CO₂", "ja"; a free unit with its own label after the number. The unit's name for headings too.
import type { IndicatorUnit } from '../domain/strategy/index.ts';
import { formatNumber } from './format.ts';
import type { Language, MessageKey, Translate } from './i18n/messages.ts';

/** What follows the number, per unit and language; none for a share (a per cent sign) and a bare score. */
const suffixes: Record<string, { readonly da: string; readonly en: string }> = {
  weeks: { da: 'uger', en: 'weeks' },
  years: { da: 'år', en: 'years' },
  days: { da: 'dage', en: 'days' },
  kr: { da: 'kr.', en: 'DKK' },
  hectares: { da: 'ha', en: 'ha' },
  'tonnes-co2': { da: 'ton CO₂', en: 'tonnes CO₂' },
};

/** Decimals a value is shown with: two for a score, one for durations and an index, else none for whole numbers. */
function decimals(unit: IndicatorUnit, n: number): number {
  if (unit === 'score') return 2;
  if (unit === 'weeks' || unit === 'years' || unit === 'days' || unit === 'index') return 1;
  return Number.isInteger(n) ? 0 : 1;
}

/** A value in its unit; a share is a fraction (0.125 → "12,5 %"), yes-no is 1 or 0. */
export function formatInUnit(n: number, unit: IndicatorUnit, lang: Language): string {
  if (!Number.isFinite(n)) return '–';
  if (unit === 'share') return `${formatNumber(n * 100, lang, 1)} %`;
  if (unit === 'yes-no') return n >= 0.5 ? (lang === 'da' ? 'ja' : 'yes') : lang === 'da' ? 'nej' : 'no';
  const number = formatNumber(n, lang, decimals(unit, n));
  if (typeof unit !== 'string') return `${number} ${unit.label}`;
  const suffix = suffixes[unit];
  return suffix ? `${number} ${suffix[lang]}` : number;
}

/** The unit's name for a heading or an axis: "Kroner", "Ton CO₂", or the free unit's own label. */
export function unitHeading(unit: IndicatorUnit, t: Translate): string {
  return typeof unit === 'string' ? t(`unit.${unit}` as MessageKey) : unit.label;
}
