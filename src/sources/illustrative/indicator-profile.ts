// The parameters of one indicator's illustrative series, derived from what the definition says about it — kind,
// unit, direction, population, source — and drawn within fixed ranges by a generator seeded with the indicator's
// id. Nothing here names a particular strategy or indicator, so any definition gets series of the right shape.
import type { Indicator } from '../../domain/strategy/index.ts';
import { rngFor, type Rng } from './prng.ts';

/** Levels are given for this year and change linearly from it. */
export const REFERENCE_YEAR = 2015;

export interface IndicatorProfile {
  /** The level at REFERENCE_YEAR: a proportion (share), weeks, a score 0–100, or users per target resident (count). */
  readonly target: number;
  readonly comparison: number | undefined;
  /** Change per year, in the same unit. */
  readonly targetSlope: number;
  readonly comparisonSlope: number;
  /** How many of the group's residents form the denominator (or the cases of a duration). */
  readonly fraction: number;
  /** Survey indicators: respondents per round instead of a fraction of residents. */
  readonly sample: { readonly target: number; readonly comparison: number } | undefined;
  /** Women's share of each group, and women's rate relative to men's (1 + d against 1 − d). */
  readonly womenShare: number;
  readonly womenDifference: number;
  /** How far descendants' level lies from the target group's toward the comparison's (0–1). */
  readonly descendantPull: number;
  /** The change of the level from the youngest to the oldest age band, relative (−0.25 to 0.25). */
  readonly ageGradient: number;
}

/** Local sources measure only the strategy's own area; there is no national survey to compare with. */
export function isLocalSource(indicator: Indicator): boolean {
  return indicator.source.kind === 'survey' || indicator.source.kind === 'count-report';
}

export function indicatorProfile(indicator: Indicator): IndicatorProfile {
  const rng = rngFor('indicator', indicator.id);
  const levels = levelsFor(indicator, rng);
  const survey = indicator.source.kind === 'survey';
  return {
    ...levels,
    fraction: populationFraction(indicator.population, rng),
    sample: survey
      ? { target: Math.round(rng.between(40, 120)), comparison: Math.round(rng.between(120, 360)) }
      : undefined,
    womenShare: 0.5 + 0.04 * rng.signed(),
    womenDifference: 0.15 * rng.signed(),
    descendantPull: rng.between(0.3, 0.6),
    ageGradient: 0.25 * rng.signed(),
  };
}

type Levels = Pick<IndicatorProfile, 'target' | 'comparison' | 'targetSlope' | 'comparisonSlope'>;

/**
 * Ranges by unit and desired direction. The target group starts on the unfavourable side and closes part of the
 * gap over the decade, faster than the comparison group moves; a "parity" indicator starts above parity and
 * converges. Shares: public support, say, 30–54 % against 13–18 % (direction down); attainment 50–78 % against
 * 72–90 % (up). Durations 14–22 weeks, 20–60 % longer for the target group. Scores on 0–100.
 */
function levelsFor(indicator: Indicator, rng: Rng): Levels {
  const gap = indicator.kind === 'gap';
  const dir = indicator.direction;
  const sign = dir === 'down' ? -1 : dir === 'up' ? 1 : 0;
  switch (indicator.unit) {
    case 'share': {
      if (!gap) {
        const target = dir === 'down' ? rng.between(0.15, 0.35) : rng.between(0.45, 0.65);
        return {
          target,
          comparison: undefined,
          targetSlope: sign * rng.between(0.003, 0.01),
          comparisonSlope: 0,
        };
      }
      if (dir === 'parity') {
        const comparison = rng.between(0.04, 0.1);
        const target = comparison * rng.between(1.2, 1.6);
        return {
          target,
          comparison,
          targetSlope: -(target - comparison) / rng.between(18, 30),
          comparisonSlope: 0,
        };
      }
      const comparison = dir === 'down' ? rng.between(0.13, 0.18) : rng.between(0.72, 0.9);
      const target = dir === 'down' ? comparison * rng.between(2.4, 3) : comparison - rng.between(0.12, 0.22);
      return {
        target,
        comparison,
        targetSlope: sign * rng.between(0.004, 0.01),
        comparisonSlope: sign * rng.between(0, 0.003),
      };
    }
    // Every other unit is a plain value on a score-like scale.
    default: {
      const weeks = indicator.unit === 'weeks';
      const worse = (c: number) =>
        weeks
          ? dir === 'up'
            ? c / rng.between(1.2, 1.6)
            : c * rng.between(1.2, 1.6)
          : dir === 'down'
            ? c + rng.between(6, 14)
            : c - rng.between(6, 14);
      const comparison = weeks
        ? rng.between(14, 22)
        : dir === 'down'
          ? rng.between(24, 38)
          : rng.between(62, 76);
      const target = worse(comparison);
      const step = weeks ? rng.between(0.15, 0.4) : rng.between(0.5, 1.5);
      if (dir === 'parity')
        return {
          target,
          comparison: gap ? comparison : undefined,
          targetSlope: (comparison - target) / 20,
          comparisonSlope: 0,
        };
      return {
        target,
        comparison: gap ? comparison : undefined,
        targetSlope: sign * step,
        comparisonSlope: sign * step * rng.between(0, 0.3),
      };
    }
    case 'count': {
      // Users per resident of the target group (count reports) and growth per year relative to 2015.
      const target = rng.between(0.02, 0.05);
      const growth = sign * rng.between(0.02, 0.06);
      return {
        target,
        comparison: gap ? target * rng.between(0.3, 0.6) : undefined,
        targetSlope: target * growth,
        comparisonSlope: gap ? target * growth * 0.5 : 0,
      };
    }
  }
}

/**
 * The share of a group's residents that forms the indicator's population. An age range in the population text
 * ("16-64-årige") gives (upper − lower + 1) / 80, as if the ages were evenly filled up to 80: 16–64 gives 0.61,
 * close to the real share. Without one, a few common population words of Danish municipal statistics set it;
 * otherwise it is drawn between 1.5 % and 5 %.
 */
export function populationFraction(population: string | undefined, rng: Rng): number {
  const drawn = rng.between(0.015, 0.05);
  const text = population ?? '';
  const ages = /(\d{1,2})\s*[-–]\s*(\d{1,2})-årige/.exec(text);
  if (ages) return (Number(ages[2]) - Number(ages[1]) + 1) / 80;
  for (const [word, fraction] of POPULATION_WORDS) if (word.test(text)) return fraction;
  return drawn;
}

/** Rough shares of all residents: the unemployed, one school year, language students, the electorate. */
const POPULATION_WORDS: readonly (readonly [RegExp, number])[] = [
  [/stemmeberettigede/i, 0.75],
  [/\bledige\b/i, 0.04],
  [/\belever\b/i, 0.0125],
  [/\bkursister\b/i, 0.01],
];

/** The age bands of a breakdown: the population's range cut at 30 and 50, or 18–29, 30–49, 50+ without one. */
export function ageBands(population: string | undefined): readonly { label: string; width: number }[] {
  const ages = /(\d{1,2})\s*[-–]\s*(\d{1,2})-årige/.exec(population ?? '');
  if (!ages)
    return [
      { label: '18-29', width: 12 },
      { label: '30-49', width: 20 },
      { label: '50+', width: 30 },
    ];
  const lo = Number(ages[1]);
  const hi = Number(ages[2]);
  const cuts = [lo, ...[30, 50].filter((c) => c > lo && c <= hi), hi + 1];
  return cuts.slice(0, -1).map((from, i) => {
    const to = (cuts[i + 1] as number) - 1;
    return { label: `${from}-${to}`, width: to - from + 1 };
  });
}
