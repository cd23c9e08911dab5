// A colour per status against the base year (green, yellow, red, white), for strategies that report in colours.
import type { StatusKey } from './area-outcome.ts';
import type { Locale } from './reason-texts.ts';

export type Colour = 'green' | 'yellow' | 'red' | 'white';

export const colourSchemes = ['traffic-light'] as const;
export type ColourScheme = (typeof colourSchemes)[number];

const trafficLight: Readonly<Record<StatusKey, Colour>> = {
  closing: 'green',
  improving: 'green',
  steady: 'green',
  'target-met': 'green',
  'on-track': 'green',
  'no-clear-change': 'yellow',
  'no-clear-trend': 'yellow',
  'target-unclear': 'yellow',
  widening: 'red',
  worsening: 'red',
  changed: 'red',
  'target-not-met': 'red',
  'off-track': 'red',
  'no-spread': 'white',
  monitor: 'white',
  'not-assessed': 'white',
  'not-enough-data': 'white',
  invalid: 'white',
};

/**
 * The colour of a status. Only a change whose interval lies wholly on one side of no change (or a target met,
 * missed or clearly on or off track) is coloured green or red: a change the data cannot tell from chance is
 * yellow, and an indicator with no judgement — followed only, without counts, without enough data — is white,
 * never a colour it has not earned.
 */
export function statusColour(scheme: ColourScheme, status: StatusKey): Colour {
  switch (scheme) {
    case 'traffic-light':
      return trafficLight[status];
  }
}

/** The rule in words, for the method page. Keep in step with `statusColour`. */
export const colourRules: Readonly<Record<ColourScheme, Readonly<Record<Locale, string>>>> = {
  'traffic-light': {
    da:
      'Grøn: udviklingen siden basisåret går klart i den ønskede retning (hele usikkerhedsintervallet), et mål ' +
      'er nået, indikatoren er klart på rette vej, eller den er stabil, hvor strategien ønsker stabilitet. ' +
      'Rød: udviklingen går klart i den forkerte retning, målet er ikke nået, indikatoren er klart ikke på rette ' +
      'vej, eller den har ændret sig klart, hvor strategien ønsker stabilitet. Gul: ingen klar ændring eller ' +
      'tendens – intervallet rummer både det ene og det andet. Hvid: ingen vurdering – indikatoren følges kun, ' +
      'tallene har ingen antal bag sig, eller der er ikke nok data.',
    en:
      'Green: the development since the base year clearly goes the desired way (the whole interval), a target ' +
      'is met, the indicator is clearly on track, or it is stable where the strategy asks for stability. Red: ' +
      'the development clearly goes the wrong way, the target is not met, the indicator is clearly off track, ' +
      'or it has clearly changed where the strategy asks for stability. Yellow: no clear change or trend — the ' +
      'interval allows either. White: no judgement — the indicator is only monitored, its figures have no ' +
      'counts behind them, or there are not enough data.',
  },
};
