// The word for every status an indicator of any kind can have: a gap's own words, and a level's, count's or
// yes/no indicator's. Pages, the API and the evaluation report all say a status with these.
import type { StatusKey } from './area-outcome.ts';
import { statusTexts, type Locale } from './reason-texts.ts';

export const statusKeyTexts: Readonly<Record<StatusKey, Readonly<Record<Locale, string>>>> = {
  ...statusTexts,
  improving: { da: 'I den ønskede retning', en: 'In the desired direction' },
  worsening: { da: 'I den forkerte retning', en: 'In the wrong direction' },
  steady: { da: 'Stabil (ingen klar ændring)', en: 'Steady (no clear change)' },
  changed: { da: 'Klar ændring, hvor stabilitet ønskes', en: 'Clear change where stability is wanted' },
  'target-met': { da: 'Målet er nået', en: 'Target met' },
  'target-not-met': { da: 'Målet er ikke nået', en: 'Target not met' },
  'target-unclear': { da: 'Uafklaret i forhold til målet', en: 'Unclear against the target' },
  'on-track': { da: 'På rette vej mod målet', en: 'On track for the target' },
  'off-track': { da: 'Ikke på rette vej mod målet', en: 'Off track for the target' },
  'no-clear-trend': { da: 'Ingen klar tendens mod målet', en: 'No clear trend towards the target' },
  monitor: { da: 'Følges uden vurdering', en: 'Monitored, not judged' },
  'not-assessed': { da: 'Ikke vurderet', en: 'Not assessed' },
};
