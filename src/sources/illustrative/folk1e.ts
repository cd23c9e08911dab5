// Illustrative FOLK1E: population by origin (HERKOMST) per area and quarter, built on the real figures that exist
// offline and modelled where they do not. For each municipality (and Christiansø) and quarter:
//   1. TOT, the population, interpolates linearly between real totals (FOLK1A on the first day of each year it
//      has, FOLK1AM on the first day of each quarter from 2021K4), exact at those quarters;
//   2. the number not of Danish origin is TOT × the real share of immigration_share_pct.csv (FOLK1E-derived, on
//      the first day of 2008, 2011, 2015, 2019, 2022 and 2026), interpolated linearly by quarter; "1" is the rest;
//   3. that number is split into 24/25/34/35 (Western/non-Western immigrants/descendants) by modelled fractions
//      (see `splitFractions`), because no split per municipality is available offline. This step is why the
//      figures are illustrative.
// Regions and the country are the sums of their municipalities (DST's totals are too). Real cells given as
// `measured` (the strategy's own table) are used as they are, never generated, and pull the area's modelled
// split onto them, so the series has no jump at the measured quarter.
import type { AreaRegistry } from '../areas/index.ts';
import { folk1eOriginCodes, type Observation } from '../../domain/observation/index.ts';
import type { OriginCategory } from '../../domain/strategy/index.ts';
import { interpolate, quarterIndex, quarterRange, type Anchor } from './periods.ts';
import { rngFor } from './prng.ts';

export const FOLK1E_TABLE = 'FOLK1E';
/** FOLK1E's HERKOMST codes: all, Danish origin, Western/non-Western immigrants, Western/non-Western descendants. */
export const HERKOMST_CODES = ['TOT', '1', '24', '25', '34', '35'] as const;
export type HerkomstCode = (typeof HERKOMST_CODES)[number];
export type Folk1eCells = Readonly<Record<HerkomstCode, number>>;
/** FOLK1E's totals over sex and age: the cells the strategy's table and the population page use. */
export const FOLK1E_TOTAL_DIMS = { KØN: 'TOT', ALDER: 'IALT' } as const;
/** FOLK1E in StatBank, as of September 2025: 2008K1 to 2025K3. */
export const FOLK1E_FROM = '2008K1';
export const FOLK1E_TO = '2025K3';

export interface PeriodFigure {
  readonly area: string;
  /** A quarter, 2021K2. */
  readonly period: string;
  readonly value: number;
}

export interface MeasuredCells {
  readonly area: string;
  readonly period: string;
  readonly cells: Folk1eCells;
}

export interface Folk1eInput {
  readonly registry: AreaRegistry;
  /** Real population on the first day of a quarter, per municipality (and Christiansø). */
  readonly totals: readonly PeriodFigure[];
  /** Real share not of Danish origin in per cent, per municipality, on the first day of a quarter. */
  readonly nonDanishPercent: readonly PeriodFigure[];
  /** Real FOLK1E cells: used as they are, not generated, and calibrating the area's split. */
  readonly measured?: readonly MeasuredCells[];
  readonly from?: string;
  readonly to?: string;
}

export interface Folk1eModel {
  readonly periods: readonly string[];
  /** Every area with figures: the country, the regions, then the municipalities and other areas, by code. */
  readonly areas: readonly string[];
  cells(area: string, period: string): Folk1eCells | undefined;
  isMeasured(area: string, period: string): boolean;
  /** The illustrative observations of these areas (every area by default); measured cells are left out. */
  observations(areas?: readonly string[]): Observation[];
  /** Residents of the given origin categories; the nearest quarter in range when the period lies outside. */
  residents(area: string, period: string, origins: readonly OriginCategory[]): number | undefined;
}

export class IllustrativeInputError extends Error {
  override readonly name = 'IllustrativeInputError';
}

interface SplitFractions {
  /** Of those not of Danish origin, the non-Western share (25 + 35). */
  readonly nonWestern: number;
  /** Of the Western, the descendants (34). */
  readonly westernDescendants: number;
  /** Of the non-Western, the descendants (35). */
  readonly nonWesternDescendants: number;
}

/**
 * The modelled split. National fractions are round numbers close to FOLK1E's composition of the whole country in
 * 2008 and 2025 (about two thirds non-Western, slowly falling as EU immigration grew; descendants 28 % of the
 * non-Western rising to 33 %, 10 % of the Western rising to 12 %), drifting linearly with time. A municipality
 * with a larger share of non-Danish origin than the country gets more non-Western (0.7 × the difference in
 * share, as in the suburbs west of Copenhagen), and each gets a fixed variation of a few points drawn from its
 * code. The numbers are not fitted; they only have to look like Denmark.
 */
export function splitFractions(
  years: number,
  shareDifference: number,
  variation: readonly [number, number, number],
): SplitFractions {
  return {
    nonWestern: clamp(0.66 - 0.0025 * years + 0.7 * shareDifference + 0.04 * variation[0], 0.25, 0.95),
    westernDescendants: clamp(0.1 + 0.0012 * years + 0.02 * variation[1], 0.02, 0.45),
    nonWesternDescendants: clamp(0.28 + 0.003 * years + 0.03 * variation[2], 0.08, 0.65),
  };
}

export function buildFolk1eModel(input: Folk1eInput): Folk1eModel {
  const { registry } = input;
  const periods = quarterRange(input.from ?? FOLK1E_FROM, input.to ?? FOLK1E_TO);
  const leaves = registry.leaves();
  const measured = new Map<string, Folk1eCells>();
  for (const m of input.measured ?? []) measured.set(key(m.area, m.period), m.cells);

  const totalAnchors = anchorsByArea(input.totals);
  const shareAnchors = anchorsByArea(input.nonDanishPercent);
  // From the real shares alone: a measured quarter of one municipality is no anchor for the others.
  const fallbackShare = lowestShare(registry, shareAnchors);
  for (const m of input.measured ?? []) {
    const at = quarterIndex(m.period);
    addAnchor(totalAnchors, m.area, { at, value: m.cells.TOT });
    addAnchor(shareAnchors, m.area, { at, value: (100 * (m.cells.TOT - m.cells['1'])) / m.cells.TOT });
  }

  // Steps 1 and 2 for every leaf and quarter, then the country's share for the split.
  const base = new Map<string, { total: number; share: number }>();
  const national = new Map<number, { people: number; nonDanish: number }>();
  const baseAt = (area: string, q: number) => {
    const k = `${area}@${q}`;
    let b = base.get(k);
    if (!b) {
      const totals = totalAnchors.get(area);
      if (!totals) throw new IllustrativeInputError(`no real population totals for area ${area}`);
      const total = Math.round(interpolate(totals, q));
      const share = interpolate(shareAnchors.get(area) ?? fallbackShare, q) / 100;
      b = { total, share };
      base.set(k, b);
    }
    return b;
  };
  const nationalShare = (q: number) => {
    let n = national.get(q);
    if (!n) {
      n = { people: 0, nonDanish: 0 };
      for (const leaf of leaves) {
        const b = baseAt(leaf.code, q);
        n.people += b.total;
        n.nonDanish += b.total * b.share;
      }
      national.set(q, n);
    }
    return n.nonDanish / n.people;
  };
  const variation = new Map(
    leaves.map((leaf) => {
      const rng = rngFor(FOLK1E_TABLE, 'split', leaf.code);
      return [leaf.code, [rng.signed(), rng.signed(), rng.signed()] as const];
    }),
  );
  const modelled = (area: string, q: number) =>
    splitFractions(
      (q - quarterIndex('2008K1')) / 4,
      baseAt(area, q).share - nationalShare(q),
      variation.get(area) ?? [0, 0, 0],
    );
  // Calibration: the offset between the measured split and the modelled one at the nearest measured quarter.
  const calibrations = new Map<string, { at: number; offset: SplitFractions }[]>();
  for (const m of input.measured ?? []) {
    if (!variation.has(m.area)) continue;
    const q = quarterIndex(m.period);
    const real = fractionsOf(m.cells);
    if (!real) continue;
    const model = modelled(m.area, q);
    const list = calibrations.get(m.area) ?? [];
    list.push({
      at: q,
      offset: {
        nonWestern: real.nonWestern - model.nonWestern,
        westernDescendants: real.westernDescendants - model.westernDescendants,
        nonWesternDescendants: real.nonWesternDescendants - model.nonWesternDescendants,
      },
    });
    calibrations.set(m.area, list);
  }

  const table = new Map<string, Folk1eCells>();
  for (const period of periods) {
    const q = quarterIndex(period);
    for (const leaf of leaves) {
      const real = measured.get(key(leaf.code, period));
      table.set(key(leaf.code, period), real ?? leafCells(leaf.code, q));
    }
    for (const area of registry.areas) {
      if (area.region !== undefined) continue;
      table.set(
        key(area.code, period),
        measured.get(key(area.code, period)) ??
          sumCells(registry.membersOf(area.code).map((m) => table.get(key(m.code, period)) as Folk1eCells)),
      );
    }
  }

  function leafCells(area: string, q: number): Folk1eCells {
    const { total, share } = baseAt(area, q);
    let f = modelled(area, q);
    const near = calibrations.get(area)?.reduce((a, b) => (Math.abs(b.at - q) < Math.abs(a.at - q) ? b : a));
    if (near)
      f = {
        nonWestern: clamp(f.nonWestern + near.offset.nonWestern, 0, 1),
        westernDescendants: clamp(f.westernDescendants + near.offset.westernDescendants, 0, 1),
        nonWesternDescendants: clamp(f.nonWesternDescendants + near.offset.nonWesternDescendants, 0, 1),
      };
    const nonDanish = Math.round(total * share);
    const nonWestern = Math.round(nonDanish * f.nonWestern);
    const western = nonDanish - nonWestern;
    const d35 = Math.round(nonWestern * f.nonWesternDescendants);
    const d34 = Math.round(western * f.westernDescendants);
    return {
      TOT: total,
      '1': total - nonDanish,
      '24': western - d34,
      '25': nonWestern - d35,
      '34': d34,
      '35': d35,
    };
  }

  const areaCodes = [
    ...registry.areas.filter((a) => a.region === undefined),
    ...registry.areas.filter((a) => a.region !== undefined),
  ].map((a) => a.code);
  const first = periods[0] as string;
  const last = periods[periods.length - 1] as string;
  const codeOf = new Map<OriginCategory, HerkomstCode>(
    Object.entries(folk1eOriginCodes)
      .filter((e): e is [HerkomstCode, OriginCategory] => e[1] !== 'all')
      .map(([code, origin]) => [origin, code]),
  );

  return {
    periods,
    areas: areaCodes,
    cells: (area, period) => table.get(key(area, period)),
    isMeasured: (area, period) => measured.has(key(area, period)),
    observations(areas = areaCodes) {
      const out: Observation[] = [];
      for (const area of areas)
        for (const period of periods) {
          if (measured.has(key(area, period))) continue;
          const cells = table.get(key(area, period));
          if (!cells) throw new IllustrativeInputError(`no FOLK1E figures for area ${area}`);
          for (const code of HERKOMST_CODES)
            out.push({
              series: FOLK1E_TABLE,
              area,
              period,
              dims: { ...FOLK1E_TOTAL_DIMS, HERKOMST: code },
              value: { kind: 'number', value: cells[code] },
              unit: 'number',
              status: 'final',
              illustrative: true,
            });
        }
      return out;
    },
    residents(area, period, origins) {
      const q = Math.min(Math.max(quarterIndex(period), quarterIndex(first)), quarterIndex(last));
      const cells = table.get(key(area, `${Math.floor(q / 4)}K${(q % 4) + 1}`));
      if (!cells) return undefined;
      return origins.reduce((s, o) => s + cells[codeOf.get(o) as HerkomstCode], 0);
    },
  };
}

function fractionsOf(c: Folk1eCells): SplitFractions | undefined {
  const western = c['24'] + c['34'];
  const nonWestern = c['25'] + c['35'];
  if (western === 0 || nonWestern === 0) return undefined;
  return {
    nonWestern: nonWestern / (western + nonWestern),
    westernDescendants: c['34'] / western,
    nonWesternDescendants: c['35'] / nonWestern,
  };
}

function sumCells(parts: readonly Folk1eCells[]): Folk1eCells {
  const sum = { TOT: 0, '1': 0, '24': 0, '25': 0, '34': 0, '35': 0 };
  for (const p of parts) for (const code of HERKOMST_CODES) sum[code] += p[code];
  return sum;
}

function anchorsByArea(figures: readonly PeriodFigure[]): Map<string, Anchor[]> {
  const out = new Map<string, Anchor[]>();
  for (const f of figures) addAnchor(out, f.area, { at: quarterIndex(f.period), value: f.value });
  return out;
}

/** Adds an anchor in time order; a later one for the same quarter replaces the earlier. */
function addAnchor(map: Map<string, Anchor[]>, area: string, anchor: Anchor): void {
  const list = (map.get(area) ?? []).filter((a) => a.at !== anchor.at);
  list.push(anchor);
  list.sort((a, b) => a.at - b.at);
  map.set(area, list);
}

/**
 * For a leaf without a share of its own (Christiansø is not in the factor file): the lowest share of any
 * municipality at each anchor, as for the small islands it resembles.
 */
function lowestShare(
  registry: AreaRegistry,
  shares: ReadonlyMap<string, readonly Anchor[]>,
): readonly Anchor[] {
  const lowest = new Map<number, number>();
  for (const m of registry.municipalities())
    for (const a of shares.get(m.code) ?? [])
      lowest.set(a.at, Math.min(lowest.get(a.at) ?? Infinity, a.value));
  return [...lowest].sort(([a], [b]) => a - b).map(([at, value]) => ({ at, value }));
}

function key(area: string, period: string): string {
  return `${area}@${period}`;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
