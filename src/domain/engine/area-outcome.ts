// A focus area's status from indicators of every kind: gaps, levels and counts, by the same majority rule.
import type { IndicatorStatus } from './assessment.ts';
import type { LevelStatus } from './level-status.ts';

/** Every status an indicator can have, whatever its kind. */
export type StatusKey = IndicatorStatus | LevelStatus;

export const statusKeys = [
  'closing',
  'widening',
  'improving',
  'worsening',
  'steady',
  'changed',
  'target-met',
  'on-track',
  'target-not-met',
  'off-track',
  'no-clear-change',
  'no-clear-trend',
  'target-unclear',
  'no-spread',
  'monitor',
  'not-assessed',
  'not-enough-data',
  'invalid',
] as const satisfies readonly StatusKey[];

/** How a status votes in its area: for the strategy's aim, against it, neither, or not at all. */
export type Vote = 'good' | 'bad' | 'neutral' | 'none';

export const statusVote: Readonly<Record<StatusKey, Vote>> = {
  closing: 'good',
  improving: 'good',
  steady: 'good',
  'target-met': 'good',
  'on-track': 'good',
  widening: 'bad',
  worsening: 'bad',
  changed: 'bad',
  'target-not-met': 'bad',
  'off-track': 'bad',
  'no-clear-change': 'neutral',
  'no-clear-trend': 'neutral',
  'target-unclear': 'neutral',
  'no-spread': 'none',
  monitor: 'none',
  'not-assessed': 'none',
  'not-enough-data': 'none',
  invalid: 'none',
};

/**
 * closing / widening where every voting indicator measures a gap (the words of the gap); improving /
 * worsening where any of them is a level or a count.
 */
export type AreaOutcomeValue =
  'closing' | 'widening' | 'improving' | 'worsening' | 'no-clear-change' | 'not-enough-data';

export interface AreaOutcome {
  readonly status: AreaOutcomeValue;
  /** How many of the area's indicators have each status (0 for the rest). */
  readonly counts: Readonly<Record<StatusKey, number>>;
  readonly voting: number;
  readonly total: number;
}

export interface OutcomeItem {
  readonly status: StatusKey;
  /** Whether the indicator measures a gap: only then are its words "closing" and "widening". */
  readonly gap: boolean;
}

/** The rule in words, for the method page. Keep in step with `combineOutcomes`. */
export const areaOutcomeRule = {
  da:
    'Indikatorer, der ikke måler et gab, stemmer efter samme flertalsregel: en udvikling i den ønskede retning, ' +
    'et nået mål eller en indikator på rette vej stemmer som «gabet lukkes»; den modsatte udvikling, et ' +
    'ikke nået mål, en indikator, der ikke er på rette vej, eller en klar ændring, hvor strategien ønsker ' +
    'stabilitet, stemmer som «gabet øges»; ingen klar ændring eller tendens stemmer som «ingen klar ændring». ' +
    'Indikatorer, der kun følges, og indikatorer uden usikkerhed, uden nok data eller med fejl stemmer ikke. ' +
    'Har et område andet end gab blandt de stemmende, hedder dets status «i den ønskede retning» eller «i den ' +
    'forkerte retning».',
  en:
    'Indicators that do not measure a gap vote by the same majority rule: a development in the desired ' +
    'direction, a target met or an indicator on track votes as "gap closing"; the opposite development, a ' +
    'target not met, an indicator off track, or a clear change where the strategy asks for stability votes as ' +
    '"gap widening"; no clear change or trend votes as "no clear change". Indicators that are only monitored, ' +
    'and those without uncertainty, without enough data or with invalid data do not vote. Where anything but ' +
    'gaps is among the voters, the area\'s status reads "in the desired direction" or "in the wrong direction".',
} as const;

/**
 * The Integrationsbarometer's majority rule of `combineAreaStatus`, with every kind's statuses voting as
 * `statusVote` says: strictly more than half of the voting indicators decide; without a majority the area has
 * no clear change; with no vote, not enough data. For an area of gap indicators only it gives exactly what
 * `combineAreaStatus` gives.
 */
export function combineOutcomes(items: readonly OutcomeItem[]): AreaOutcome {
  const counts = Object.fromEntries(statusKeys.map((k) => [k, 0])) as Record<StatusKey, number>;
  let good = 0;
  let bad = 0;
  let voting = 0;
  let onlyGaps = true;
  for (const { status, gap } of items) {
    counts[status] += 1;
    const vote = statusVote[status];
    if (vote === 'none') continue;
    voting += 1;
    if (!gap) onlyGaps = false;
    if (vote === 'good') good += 1;
    else if (vote === 'bad') bad += 1;
  }
  const total = items.length;
  if (voting === 0) return { status: 'not-enough-data', counts, voting, total };
  const majority = (n: number) => n * 2 > voting;
  const status: AreaOutcomeValue = majority(good)
    ? onlyGaps
      ? 'closing'
      : 'improving'
    : majority(bad)
      ? onlyGaps
        ? 'widening'
        : 'worsening'
      : 'no-clear-change';
  return { status, counts, voting, total };
}
