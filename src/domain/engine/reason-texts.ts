// Readable Danish and English sentences for the engine's reason codes and statuses, for pages and the method page.
import type { IndicatorStatus } from './assessment.ts';
import type { InvalidReason, MissingReason, NotEnoughDataReason } from './reasons.ts';

export type Locale = 'da' | 'en';

type Texts<K extends string> = Readonly<Record<K, Readonly<Record<Locale, string>>>>;

export const statusTexts: Texts<IndicatorStatus> = {
  closing: { da: 'Gabet lukkes', en: 'Gap closing' },
  widening: { da: 'Gabet øges', en: 'Gap widening' },
  'no-clear-change': { da: 'Ingen klar ændring', en: 'No clear change' },
  'no-spread': {
    da: 'Ændring uden usikkerhed (kilden giver ikke antal)',
    en: 'Change without uncertainty (the source gives no counts)',
  },
  'not-enough-data': { da: 'Ikke nok data', en: 'Not enough data' },
  invalid: { da: 'Fejl i data', en: 'Invalid data' },
};

export const missingTexts: Texts<MissingReason> = {
  confidential: {
    da: 'Kilden har udeladt tallet af hensyn til diskretion',
    en: 'The source withheld the figure for confidentiality',
  },
  'not-available': { da: 'Tallet er ikke tilgængeligt', en: 'The figure is not available' },
  'not-applicable': {
    da: 'Tallet findes ikke for denne periode',
    en: 'The figure does not apply to this period',
  },
  'not-yet-published': { da: 'Tallet er endnu ikke offentliggjort', en: 'The figure is not yet published' },
};

export const invalidTexts: Texts<InvalidReason> = {
  'zero-denominator': { da: 'Nævneren er 0', en: 'The denominator is 0' },
  'negative-count': { da: 'Et antal er negativt', en: 'A count is negative' },
  'numerator-exceeds-denominator': {
    da: 'Tælleren er større end nævneren',
    en: 'The numerator is larger than the denominator',
  },
  'denominator-too-large': {
    da: 'Nævneren er større end nogen mulig befolkning',
    en: 'The denominator is larger than any possible population',
  },
  'not-a-number': { da: 'Værdien er ikke et tal', en: 'The value is not a number' },
  'share-out-of-range': { da: 'Andelen ligger uden for 0–1', en: 'The share is outside 0–1' },
  'negative-value': { da: 'Værdien er negativ', en: 'The value is negative' },
  'counts-for-non-share-unit': {
    da: 'Der er givet antal for en indikator, der ikke er en andel',
    en: 'Counts were given for an indicator that is not a share',
  },
  'invalid-period': { da: 'Perioden kan ikke læses', en: 'The period cannot be read' },
  'mixed-frequency': {
    da: 'Serien blander år, kvartaler eller måneder',
    en: 'The series mixes years, quarters or months',
  },
  'duplicate-period': { da: 'En periode optræder to gange', en: 'A period occurs twice' },
  'baseline-frequency-mismatch': {
    da: 'Basisperioden har en anden hyppighed end serien',
    en: 'The baseline period has a different frequency from the series',
  },
  'gap-measure-missing': {
    da: 'Indikatoren mangler et gabmål (forskel eller forhold)',
    en: 'The indicator has no gap measure (difference or ratio)',
  },
  'not-yes-or-no': {
    da: 'Værdien er hverken 1 (ja) eller 0 (nej)',
    en: 'The value is neither 1 (yes) nor 0 (no)',
  },
};

export const notEnoughDataTexts: Texts<NotEnoughDataReason> = {
  'target-missing': { da: 'Målgruppens tal mangler', en: "The target group's figure is missing" },
  'comparison-missing': {
    da: 'Sammenligningsgruppens tal mangler',
    en: "The comparison group's figure is missing",
  },
  'ratio-undefined': {
    da: 'Forholdet kan ikke beregnes, fordi sammenligningsgruppens værdi er 0',
    en: "The ratio cannot be computed because the comparison group's value is 0",
  },
  'ratio-zero': {
    da: 'Forholdet er 0, så dets ændring kan ikke beregnes',
    en: 'The ratio is 0, so its change cannot be computed',
  },
  'baseline-not-declared': {
    da: 'Strategien angiver ingen basisperiode',
    en: 'The strategy declares no baseline period',
  },
  'baseline-missing': {
    da: 'Der er ingen data for basisperioden',
    en: 'There are no data for the baseline period',
  },
  'no-period-after-baseline': {
    da: 'Der er endnu ingen data efter basisperioden',
    en: 'There are no data after the baseline period yet',
  },
  'too-few-points': {
    da: 'For få perioder til at beregne en tendens (mindst 3)',
    en: 'Too few periods to compute a trend (at least 3)',
  },
  'not-a-gap-indicator': {
    da: 'Indikatoren måler ikke et gab',
    en: 'The indicator does not measure a gap',
  },
  'no-figures': {
    da: 'Der er endnu ingen tal for indikatoren',
    en: 'There are no figures for the indicator yet',
  },
};

export function reasonText(
  reason: InvalidReason | NotEnoughDataReason | MissingReason,
  locale: Locale,
): string {
  const all: Texts<InvalidReason | NotEnoughDataReason | MissingReason> = {
    ...invalidTexts,
    ...notEnoughDataTexts,
    ...missingTexts,
  };
  return all[reason][locale];
}
