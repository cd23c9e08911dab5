// Illustrative series for a strategy's indicators: series = the indicator's id, one observation per area,
// period and group — dims { group: 'target' | 'comparison' }, plus one breakdown dimension where the indicator
// declares breakdowns ({ sex }, { originSubgroup }, { ageBand }). Shares carry numerator and
// denominator (group sizes come from the population model, so small municipalities get small, noisy cells);
// durations and scores are plain values; counts are whole numbers. Every observation is flagged illustrative.
import { comparisonOrigins, type Dimensions, type Observation } from '../../domain/observation/index.ts';
import {
  baselinePeriod,
  targetOrigins,
  unitKey,
  type Indicator,
  type OriginCategory,
  type StrategyDefinition,
} from '../../domain/strategy/index.ts';
import type { AreaRegistry } from '../areas/index.ts';
import type { Folk1eModel } from './folk1e.ts';
import { IllustrativeInputError } from './folk1e.ts';
import {
  ageBands,
  indicatorProfile,
  isLocalSource,
  REFERENCE_YEAR,
  type IndicatorProfile,
} from './indicator-profile.ts';
import { decimalYear, quarterContaining, quarterIndex, quarterOf } from './periods.ts';
import { rngFor, type Rng } from './prng.ts';
import { apportion, splitSuccesses } from './split.ts';

/** The periods each frequency gets: ten years, the quarters and months since 2019, three survey rounds. */
export const ILLUSTRATIVE_PERIODS = {
  years: { from: 2015, to: 2024 },
  quarters: { from: '2019K1', to: '2025K2' },
  months: { from: '2019-01', to: '2025-06' },
  surveyRounds: { from: 2022, to: 2024 },
} as const;

export interface IndicatorSeriesInput {
  readonly definition: StrategyDefinition;
  readonly registry: AreaRegistry;
  /** Residents by origin, for the group sizes: the FOLK1E model (illustrative or measured cells). */
  readonly population: Pick<Folk1eModel, 'residents'>;
}

export function generateIndicatorSeries(input: IndicatorSeriesInput): Observation[] {
  const out: Observation[] = [];
  for (const area of input.definition.areas)
    for (const indicator of area.indicators) out.push(...seriesOf(input, indicator));
  return out;
}

/**
 * The strategy's own area, its region and the country; for local sources (surveys, count reports) the own area
 * only. A strategy of a region or of the country gets the areas above it that exist.
 */
export function indicatorAreas(
  definition: StrategyDefinition,
  indicator: Indicator,
  registry: AreaRegistry,
): readonly string[] {
  const own = definition.organisation.areaCode;
  if (isLocalSource(indicator)) return [own];
  return [...new Set([own, registry.regionOf(own)?.code, '000'].filter((a): a is string => a !== undefined))];
}

/**
 * Years 2015–2024; quarters 2019K1–2025K2; months 2019M01–2025M06; survey rounds yearly 2022–2024, starting at
 * the baseline's year instead when that is earlier (a baseline needs a figure), but not before 2015.
 */
export function indicatorPeriods(indicator: Indicator): readonly string[] {
  const p = ILLUSTRATIVE_PERIODS;
  const years = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  switch (indicator.frequency) {
    case 'year':
      return years(p.years.from, p.years.to);
    case 'quarter': {
      const out: string[] = [];
      for (let q = quarterIndex(p.quarters.from); q <= quarterIndex(p.quarters.to); q++)
        out.push(quarterOf(q));
      return out;
    }
    case 'month': {
      const out: string[] = [];
      const [fy, fm] = p.months.from.split('-').map(Number) as [number, number];
      const [ty, tm] = p.months.to.split('-').map(Number) as [number, number];
      for (let i = fy * 12 + fm - 1; i <= ty * 12 + tm - 1; i++)
        out.push(`${Math.floor(i / 12)}M${String((i % 12) + 1).padStart(2, '0')}`);
      return out;
    }
    case 'survey-round': {
      const declared = baselinePeriod(indicator);
      const baseline = declared ? Number(declared.slice(0, 4)) : p.surveyRounds.from;
      return years(Math.max(p.years.from, Math.min(baseline, p.surveyRounds.from)), p.surveyRounds.to);
    }
  }
}

type Group = 'target' | 'comparison';

function seriesOf(input: IndicatorSeriesInput, indicator: Indicator): Observation[] {
  const profile = indicatorProfile(indicator);
  const periods = indicatorPeriods(indicator);
  const groups: Group[] =
    indicator.kind === 'gap' && indicator.comparisonGroup ? ['target', 'comparison'] : ['target'];
  const origins: Record<Group, readonly OriginCategory[]> = {
    target: targetOrigins(indicator),
    comparison: comparisonOrigins(targetOrigins(indicator), indicator.comparisonGroup?.basis ?? 'others'),
  };
  const provisionalLast = indicator.frequency === 'quarter' || indicator.frequency === 'month';
  const out: Observation[] = [];
  for (const area of indicatorAreas(input.definition, indicator, input.registry)) {
    const variation = rngFor('indicator', indicator.id, area);
    const shift = { gap: variation.signed(), level: variation.signed() };
    periods.forEach((period, i) => {
      const rng = rngFor(indicator.id, area, period);
      const t = decimalYear(period) - REFERENCE_YEAR;
      const status = provisionalLast && i === periods.length - 1 ? 'provisional' : 'final';
      const emit = (dims: Dimensions, cell: Cell) =>
        out.push(observation(indicator, area, period, dims, cell, status));
      const residents = (o: readonly OriginCategory[]) => {
        const n = input.population.residents(area, quarterContaining(period), o);
        if (n === undefined)
          throw new IllustrativeInputError(`no population figures for area ${area} in ${period}`);
        return n;
      };
      const levels = levelAt(profile, t, shift);
      const totals = new Map<Group, Cell>();
      for (const group of groups) {
        const level = group === 'target' ? levels.target : (levels.comparison as number);
        const size = groupSize(profile, indicator.unit, group, residents(origins[group]), rng);
        const cell = drawCell(indicator.unit, level, size, rng);
        totals.set(group, cell);
        emit({ group }, cell);
      }
      for (const breakdown of indicator.breakdowns) {
        const target = breakdownParts(breakdown, indicator, profile, levels, residents);
        const cells = splitCell(indicator.unit, totals.get('target') as Cell, target, rng);
        target.forEach((p, k) => emit({ group: 'target', [p.dim]: p.value }, cells[k] as Cell));
        if (!groups.includes('comparison')) continue;
        const comparison = totals.get('comparison') as Cell;
        // Origin subgroups belong to the target group; each is set against the whole comparison group, whose
        // row is repeated under every subgroup value so that each subgroup's series is complete.
        if (breakdown === 'origin-subgroup')
          for (const p of target) emit({ group: 'comparison', [p.dim]: p.value }, comparison);
        else {
          const split = splitCell(indicator.unit, comparison, target, rng);
          target.forEach((p, k) => emit({ group: 'comparison', [p.dim]: p.value }, split[k] as Cell));
        }
      }
    });
  }
  return out;
}

function levelAt(
  profile: IndicatorProfile,
  t: number,
  shift: { gap: number; level: number },
): { target: number; comparison: number | undefined } {
  // Each area has its own level (±8 %) and gap (±20 %) around the indicator's, fixed for all periods.
  if (profile.comparison === undefined)
    return {
      target: profile.target * (1 + 0.08 * shift.level) + profile.targetSlope * t,
      comparison: undefined,
    };
  const comparison = profile.comparison * (1 + 0.08 * shift.level);
  return {
    target:
      comparison + (profile.target - profile.comparison) * (1 + 0.2 * shift.gap) + profile.targetSlope * t,
    comparison: comparison + profile.comparisonSlope * t,
  };
}

/**
 * The denominator of a share, the cases behind a duration or score, or — for a count, whose level is per
 * resident — the group's residents. Surveys have their own sample sizes, ±15 % from round to round.
 */
function groupSize(
  profile: IndicatorProfile,
  unit: Indicator['unit'],
  group: Group,
  residents: number,
  rng: Rng,
): number {
  const jitter = rng.signed();
  if (profile.sample) return Math.max(1, Math.round(profile.sample[group] * (1 + 0.15 * jitter)));
  if (unit === 'count') return residents;
  return Math.max(1, Math.round(residents * profile.fraction));
}

/** A share's counts, a plain value (weeks, score) with the number of cases behind it, or a count. */
type Cell =
  | { readonly kind: 'counts'; readonly k: number; readonly n: number }
  | { readonly kind: 'value'; readonly value: number; readonly n: number }
  | { readonly kind: 'count'; readonly value: number };

function drawCell(unit: Indicator['unit'], level: number, size: number, rng: Rng): Cell {
  const z = rng.normal();
  switch (unit) {
    case 'share': {
      const p = clamp(level, 0.005, 0.995);
      return {
        kind: 'counts',
        k: clamp(Math.round(size * p + z * Math.sqrt(size * p * (1 - p))), 0, size),
        n: size,
      };
    }
    case 'weeks':
      // Durations spread widely (standard deviation about 60 % of the mean), so the mean of n cases varies by
      // 0.6 × mean / √n.
      return {
        kind: 'value',
        value: round1(Math.max(1, level * (1 + (0.6 * z) / Math.sqrt(size)))),
        n: size,
      };
    case 'count': {
      const expected = Math.max(0, level * size);
      return { kind: 'count', value: Math.max(0, Math.round(expected + z * Math.sqrt(expected))) };
    }
    // A score, and every other unit, as a plain value on a 0–100 scale.
    default:
      return { kind: 'value', value: round1(clamp(level + (18 * z) / Math.sqrt(size), 0, 100)), n: size };
  }
}

interface Part {
  readonly dim: string;
  readonly value: string;
  /** Relative size of the part within its group. */
  readonly weight: number;
  /** The part's level relative to the group's. */
  readonly multiplier: number;
}

/** The parts of the target group for a breakdown; sex and age bands split the comparison group alike. */
function breakdownParts(
  breakdown: Indicator['breakdowns'][number],
  indicator: Indicator,
  profile: IndicatorProfile,
  levels: { target: number; comparison: number | undefined },
  residents: (o: readonly OriginCategory[]) => number,
): readonly Part[] {
  switch (breakdown) {
    case 'sex': {
      const d = profile.womenDifference;
      return [
        { dim: 'sex', value: 'women', weight: profile.womenShare, multiplier: 1 + d },
        { dim: 'sex', value: 'men', weight: 1 - profile.womenShare, multiplier: 1 - d },
      ];
    }
    case 'origin-subgroup': {
      const immigrants = targetOrigins(indicator).filter((o) => o.endsWith('-immigrant'));
      const descendants = targetOrigins(indicator).filter((o) => o.endsWith('-descendant'));
      const toward =
        levels.comparison !== undefined && levels.target > 0
          ? levels.comparison / levels.target - 1
          : indicator.direction === 'down'
            ? -0.2
            : indicator.direction === 'up'
              ? 0.2
              : 0;
      const parts: Part[] = [];
      if (immigrants.length > 0)
        parts.push({
          dim: 'originSubgroup',
          value: 'immigrants',
          weight: residents(immigrants),
          multiplier: 1,
        });
      if (descendants.length > 0)
        parts.push({
          dim: 'originSubgroup',
          value: 'descendants',
          weight: residents(descendants),
          multiplier: Math.max(0.05, 1 + profile.descendantPull * toward),
        });
      return parts;
    }
    case 'age-band': {
      const bands = ageBands(indicator.population);
      return bands.map((b, i) => ({
        dim: 'ageBand',
        value: b.label,
        weight: b.width,
        multiplier: 1 + profile.ageGradient * (bands.length > 1 ? (2 * i) / (bands.length - 1) - 1 : 0),
      }));
    }
  }
}

/** A group's cell split over its parts so that counts add up exactly and plain values average to the whole. */
function splitCell(unit: Indicator['unit'], total: Cell, parts: readonly Part[], rng: Rng): Cell[] {
  const weights = parts.map((p) => p.weight);
  const multipliers = parts.map((p) => p.multiplier);
  switch (total.kind) {
    case 'counts': {
      const sizes = apportion(total.n, weights);
      const ks = splitSuccesses(total.k, sizes, multipliers, rng);
      return sizes.map((n, i) => ({ kind: 'counts', k: ks[i] as number, n }));
    }
    case 'value': {
      const sizes = apportion(total.n, weights);
      const mean = sizes.reduce((s, n, i) => s + n * (multipliers[i] as number), 0) / Math.max(1, total.n);
      return sizes.map((n, i) => {
        const z = rng.normal();
        const level = (total.value * (multipliers[i] as number)) / (mean || 1);
        const value =
          unit === 'weeks'
            ? Math.max(1, level * (1 + (0.6 * z) / Math.sqrt(Math.max(1, n))))
            : clamp(level + (18 * z) / Math.sqrt(Math.max(1, n)), 0, 100);
        return { kind: 'value', value: round1(value), n };
      });
    }
    case 'count': {
      const values = apportion(
        total.value,
        weights.map((w, i) => w * (multipliers[i] as number)),
      );
      return values.map((value) => ({ kind: 'count', value }));
    }
  }
}

function observation(
  indicator: Indicator,
  area: string,
  period: string,
  dims: Dimensions,
  cell: Cell,
  status: Observation['status'],
): Observation {
  const unit = unitKey(indicator.unit);
  const base = { series: indicator.id, area, period, dims, unit, status, illustrative: true };
  if (cell.kind === 'counts') {
    if (cell.n === 0) return { ...base, value: { kind: 'missing', reason: 'not-applicable', marker: '-' } };
    return {
      ...base,
      value: { kind: 'number', value: cell.k / cell.n },
      numerator: cell.k,
      denominator: cell.n,
    };
  }
  return { ...base, value: { kind: 'number', value: cell.value } };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
