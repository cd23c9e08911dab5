// Shares computed across sources (`source.combine`). Two kinds:
// - counts over a population: the numerator is Jobindsats' monthly figures (full-time persons) summed over the
//   declared tables, brought to quarters by the declared rule, the denominator FOLK1E's population in the same
//   area and quarter; both summed over each group's origin categories.
// - education shares: an exam cube's share of pupils with at least 2 by origin group, with the number of pupils
//   where the cube gives it (then the counts behind the share, so the engine gives an interval; without it the
//   share alone, which has no spread).
// Nothing is invented: a period one side lacks, a withheld cell, an origin not known and a population of 0 are
// each said, with the area and period, and nothing is computed for them.
import type { AlignmentRule, CountsOverPopulation, EducationShares } from '../strategy/combine.ts';
import { originsOfCode } from '../strategy/combine.ts';
import type { OriginCategory } from '../strategy/schema.ts';
import type { DerivedIndicator, TableCell } from './derive.ts';
import type { Observation } from './observation.ts';
import { comparisonOrigins, folk1eOriginCodes } from './origin.ts';

/** A cell of one source answer, with the table (series) it was stored under. */
export interface SourceCell extends TableCell {
  readonly series: string;
}

/** A cell of an exam cube: the share as its value, the number of pupils (when given) as its denominator. */
export interface CubeCell extends TableCell {
  readonly denominator?: number | null | undefined;
}

export interface Skipped {
  readonly area: string;
  readonly period: string;
  readonly reason: string;
}

export interface CrossDerived {
  readonly observations: readonly Observation[];
  /** What was not computed and why (the first hundred), and how much. */
  readonly skipped: readonly Skipped[];
  readonly skippedCount: number;
  /** Values of the answers the derivation does not know (an origin or sex it cannot place), each named once. */
  readonly unknown: readonly string[];
}

const MAX_SKIPPED = 100;
const ORIGIN = 'HERKOMST';

type Sex = 'total' | 'women' | 'men';

/** A sum over cells: the figure, whether a cell was withheld, whether one was provisional, how many cells. */
interface Sum {
  value: number;
  withheld: boolean;
  provisional: boolean;
  cells: number;
}

const newSum = (): Sum => ({ value: 0, withheld: false, provisional: false, cells: 0 });

function addTo(sum: Sum, cell: TableCell): void {
  sum.cells++;
  if (cell.status === 'provisional') sum.provisional = true;
  if (cell.value.kind === 'missing') sum.withheld = true;
  else sum.value += cell.value.value;
}

/** The quarter a month falls in, and the months of a quarter. */
export function quarterOfMonth(month: string): string | undefined {
  const m = /^(\d{4})M(0[1-9]|1[0-2])$/.exec(month);
  return m ? `${m[1]}K${Math.ceil(Number(m[2]) / 3)}` : undefined;
}

export function monthsOfQuarter(quarter: string, rule: AlignmentRule): readonly string[] {
  const m = /^(\d{4})K([1-4])$/.exec(quarter);
  if (!m) return [];
  const first = (Number(m[2]) - 1) * 3 + 1;
  const months = [first, first + 1, first + 2].map((n) => `${m[1]}M${String(n).padStart(2, '0')}`);
  return rule === 'quarter-middle-month' ? [months[1] as string] : months;
}

/**
 * Brings one series of monthly figures to quarters by the rule: the mean of the quarter's three months, or its
 * middle month. A quarter lacking a month the rule needs is not given (`incomplete` names the months lacking).
 */
export function alignToQuarters(
  rule: AlignmentRule,
  months: ReadonlyMap<string, Sum>,
): { quarters: Map<string, Sum>; incomplete: Map<string, readonly string[]> } {
  const quarters = new Map<string, Sum>();
  const incomplete = new Map<string, readonly string[]>();
  const seen = new Set<string>();
  for (const month of months.keys()) {
    const q = quarterOfMonth(month);
    if (q === undefined || seen.has(q)) continue;
    seen.add(q);
    const needed = monthsOfQuarter(q, rule);
    const lacking = needed.filter((m) => !months.has(m));
    if (lacking.length > 0) {
      incomplete.set(q, lacking);
      continue;
    }
    const out = newSum();
    for (const m of needed) {
      const s = months.get(m) as Sum;
      out.value += s.value;
      out.withheld ||= s.withheld;
      out.provisional ||= s.provisional;
      out.cells += s.cells;
    }
    out.value /= needed.length;
    quarters.set(q, out);
  }
  return { quarters, incomplete };
}

/** The rows a group gives: its total, by sex, by origin subgroup (where the group has both kinds). */
function groupRows(
  indicator: DerivedIndicator,
  bySex: boolean,
): { dims: Record<string, string>; sex: Sex; origins: readonly OriginCategory[] }[] {
  const target = indicator.targetGroup?.origins ?? [];
  const comparison = comparisonOrigins(target, indicator.comparisonGroup?.basis ?? 'others');
  const byOrigin = indicator.breakdowns.includes('origin-subgroup');
  const rows: { dims: Record<string, string>; sex: Sex; origins: readonly OriginCategory[] }[] = [];
  for (const [group, origins] of [
    ['target', target],
    ['comparison', comparison],
  ] as const) {
    rows.push({ dims: { group }, sex: 'total', origins });
    if (bySex) for (const sex of ['women', 'men'] as const) rows.push({ dims: { group, sex }, sex, origins });
    if (byOrigin)
      for (const subgroup of ['immigrants', 'descendants'] as const) {
        const within = origins.filter((o) =>
          o.endsWith(subgroup === 'immigrants' ? '-immigrant' : '-descendant'),
        );
        if (within.length > 0 && within.length < origins.length)
          rows.push({ dims: { group, originSubgroup: subgroup }, sex: 'total', origins: within });
      }
  }
  return rows;
}

function describe(dims: Readonly<Record<string, string>>): string {
  return Object.entries(dims)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

class Outcome {
  readonly observations: Observation[] = [];
  readonly skipped: Skipped[] = [];
  skippedCount = 0;
  readonly unknown = new Set<string>();
  skip(area: string, period: string, reason: string): void {
    this.skippedCount++;
    if (this.skipped.length < MAX_SKIPPED) this.skipped.push({ area, period, reason });
  }
  result(): CrossDerived {
    return {
      observations: this.observations,
      skipped: this.skipped,
      skippedCount: this.skippedCount,
      unknown: [...this.unknown].sort(),
    };
  }
}

/**
 * The share of the population on the numerator's tables: per area and quarter, for each group (and its sex and
 * origin-subgroup rows), the tables' aligned figures summed over the group's origins, over FOLK1E's population
 * summed likewise over the selected cells (ages 16-64). `numerator` holds only the measure's cells.
 */
export function deriveCountsOverPopulation(
  indicator: DerivedIndicator,
  combine: CountsOverPopulation,
  numerator: Iterable<SourceCell>,
  denominator: Iterable<TableCell>,
): CrossDerived {
  const out = new Outcome();
  const d = combine.denominator;
  if (!d) return out.result();
  const tables = combine.numerator.jobindsats.map((t) => t.toUpperCase());
  const nSex = combine.numerator.sex;
  const bySex = indicator.breakdowns.includes('sex') && nSex !== undefined && d.sex !== undefined;

  // Numerator: month sums per area, table, origin category and sex (women/men, or total without a sex column).
  const monthly = new Map<string, Map<string, Sum>>();
  const numeratorAreas = new Set<string>();
  for (const cell of numerator) {
    const table = cell.series.toUpperCase();
    if (!tables.includes(table)) continue;
    const code = cell.dims[ORIGIN];
    const category = code === undefined ? undefined : folk1eOriginCodes[code];
    if (category === undefined || category === 'all') {
      out.unknown.add(`${table}: origin ${code === undefined ? '(none)' : `"${code}"`}`);
      continue;
    }
    let sex: Sex = 'total';
    if (nSex) {
      const v = cell.dims[nSex.variable];
      if (v === nSex.women) sex = 'women';
      else if (v === nSex.men) sex = 'men';
      else {
        out.unknown.add(`${table}: ${nSex.variable} ${v === undefined ? '(none)' : `"${v}"`}`);
        continue;
      }
    }
    if (quarterOfMonth(cell.period) === undefined) {
      out.unknown.add(`${table}: period "${cell.period}" is not a month`);
      continue;
    }
    numeratorAreas.add(cell.area);
    const key = `${cell.area}\u0000${table}\u0000${category}\u0000${sex}`;
    let months = monthly.get(key);
    if (!months) monthly.set(key, (months = new Map()));
    let sum = months.get(cell.period);
    if (!sum) months.set(cell.period, (sum = newSum()));
    addTo(sum, cell);
  }

  // Aligned: quarter sums per area, table, category and sex; quarters a table cannot give are remembered.
  const aligned = new Map<string, Sum>();
  const incomplete = new Map<string, string[]>(); // area \0 quarter → what is lacking
  const numeratorQuarters = new Set<string>();
  for (const [key, months] of monthly) {
    const [area, table, category, sex] = key.split('\u0000') as [string, string, string, string];
    const { quarters, incomplete: lacking } = alignToQuarters(combine.periods, months);
    for (const [q, sum] of quarters) {
      aligned.set(`${area}\u0000${q}\u0000${table}\u0000${category}\u0000${sex}`, sum);
      numeratorQuarters.add(`${area}\u0000${q}`);
    }
    for (const [q, ms] of lacking) {
      const k = `${area}\u0000${q}`;
      numeratorQuarters.add(k);
      const list = incomplete.get(k) ?? [];
      const what = `${table} has no figure for ${ms.join(', ')}`;
      if (!list.includes(what)) list.push(what);
      incomplete.set(k, list);
    }
  }

  // Denominator: population sums per area, quarter, category and sex over the selected cells.
  const population = new Map<string, Sum>();
  const denominatorQuarters = new Set<string>();
  const wanted = new Map(Object.entries(d.select ?? {}).map(([v, codes]) => [v, new Set(codes)]));
  const found = new Map([...wanted.keys()].map((v) => [v, new Set<string>()]));
  for (const cell of denominator) {
    if (!numeratorAreas.has(cell.area)) continue;
    const category = folk1eOriginCodes[cell.dims[d.origin] ?? ''];
    if (category === undefined || category === 'all') continue;
    let selected = true;
    for (const [variable, codes] of wanted) {
      const code = cell.dims[variable];
      if (code === undefined || !codes.has(code)) selected = false;
      else found.get(variable)?.add(code);
    }
    if (!selected) continue;
    let sex: Sex | undefined = 'total';
    if (d.sex) {
      const v = cell.dims[d.sex.variable];
      sex = v === d.sex.total ? 'total' : v === d.sex.women ? 'women' : v === d.sex.men ? 'men' : undefined;
    }
    if (sex === undefined) continue;
    denominatorQuarters.add(`${cell.area}\u0000${cell.period}`);
    const key = `${cell.area}\u0000${cell.period}\u0000${category}\u0000${sex}`;
    let sum = population.get(key);
    if (!sum) population.set(key, (sum = newSum()));
    addTo(sum, cell);
  }
  // Every code the denominator selects by must be in the answer, or its cells would be left out without a word.
  const absent = [...wanted].flatMap(([variable, codes]) =>
    [...codes].filter((c) => !found.get(variable)?.has(c)).map((c) => `${variable}=${c}`),
  );
  if (absent.length > 0) {
    const more = absent.length > 10 ? ` and ${absent.length - 10} more` : '';
    out.skip(
      '',
      '',
      `the denominator ${d.statbank?.table ?? ''} has no cells for ${absent.slice(0, 10).join(', ')}${more}; nothing was computed`,
    );
    return out.result();
  }
  const cellsPerSum = [...wanted.values()].reduce((n, codes) => n * codes.size, 1);

  const rows = groupRows(indicator, bySex);
  const periods = [...new Set([...numeratorQuarters, ...denominatorQuarters])].sort();
  for (const key of periods) {
    const [area, quarter] = key.split('\u0000') as [string, string];
    if (!numeratorQuarters.has(key)) {
      out.skip(
        area,
        quarter,
        `no ${tables.join(', ')} figures for the months of ${quarter}; the periods do not meet`,
      );
      continue;
    }
    if (!denominatorQuarters.has(key)) {
      out.skip(
        area,
        quarter,
        `no ${d.statbank?.table ?? 'denominator'} population for ${quarter}; the periods do not meet`,
      );
      continue;
    }
    const lacking = incomplete.get(key);
    if (lacking) {
      out.skip(area, quarter, `${lacking.join('; ')} (${combine.periods})`);
      continue;
    }
    for (const row of rows) {
      const num = newSum();
      const den = newSum();
      const gaps: string[] = [];
      for (const origin of row.origins) {
        for (const table of tables) {
          const sexes: Sex[] = row.sex === 'total' && nSex ? ['women', 'men'] : [row.sex];
          for (const sex of sexes) {
            const s = aligned.get(`${area}\u0000${quarter}\u0000${table}\u0000${origin}\u0000${sex}`);
            if (!s) gaps.push(`${table} ${origin}${sex === 'total' ? '' : ` ${sex}`}`);
            else {
              num.value += s.value;
              num.withheld ||= s.withheld;
              num.provisional ||= s.provisional;
            }
          }
        }
        const p = population.get(`${area}\u0000${quarter}\u0000${origin}\u0000${row.sex}`);
        if (!p || p.cells !== cellsPerSum)
          gaps.push(
            `${d.statbank?.table ?? 'population'} ${origin}${row.sex === 'total' ? '' : ` ${row.sex}`}`,
          );
        else {
          den.value += p.value;
          den.withheld ||= p.withheld;
          den.provisional ||= p.provisional;
        }
      }
      if (gaps.length > 0) {
        out.skip(
          area,
          quarter,
          `${describe(row.dims)}: no figures for ${gaps.slice(0, 5).join(', ')}${gaps.length > 5 ? ` and ${gaps.length - 5} more` : ''}`,
        );
        continue;
      }
      const base = {
        series: indicator.id,
        area,
        period: quarter,
        dims: row.dims,
        unit: 'share',
        status: num.provisional || den.provisional ? 'provisional' : 'final',
        illustrative: false,
      } as const;
      if (num.withheld || den.withheld) {
        out.observations.push({ ...base, value: { kind: 'missing', reason: 'confidential', marker: '..' } });
        continue;
      }
      // Full-time persons averaged over months are not whole; 6 decimals keep the figure from binary noise.
      const n = Number(num.value.toFixed(6));
      if (den.value === 0) {
        out.skip(area, quarter, `${describe(row.dims)}: the population is 0; no share can be computed`);
        continue;
      }
      if (n > den.value) {
        out.skip(area, quarter, `${describe(row.dims)}: ${n} of ${den.value} is not a share`);
        continue;
      }
      out.observations.push({
        ...base,
        value: { kind: 'number', value: n / den.value },
        numerator: n,
        denominator: den.value,
      });
    }
  }
  return out.result();
}

/**
 * The share with at least 2 for each group from an exam cube's cells (dims exactly { HERKOMST }): one origin code
 * gives its share as published, with the counts behind it when the cube gives the number of pupils; several codes
 * are added up by their numbers of pupils, which they then need. A code's pupils with at least 2 are the share
 * times the pupils, rounded to whole pupils.
 */
export function deriveEducationShares(
  indicator: DerivedIndicator,
  combine: EducationShares,
  cells: Iterable<CubeCell>,
): CrossDerived {
  const out = new Outcome();
  const byPeriod = new Map<string, Map<string, CubeCell>>();
  const known = new Set([...combine.target, ...combine.comparison]);
  for (const cell of cells) {
    const keys = Object.keys(cell.dims);
    const code = cell.dims[ORIGIN];
    if (code === undefined || keys.length !== 1) continue;
    if (!known.has(code)) {
      if (originsOfCode(code) === undefined) out.unknown.add(`origin "${code}"`);
      continue;
    }
    const key = `${cell.area}\u0000${cell.period}`;
    let m = byPeriod.get(key);
    if (!m) byPeriod.set(key, (m = new Map()));
    m.set(code, cell);
  }
  const byOrigin = indicator.breakdowns.includes('origin-subgroup');
  const rows: { dims: Record<string, string>; codes: readonly string[] }[] = [];
  for (const [group, codes] of [
    ['target', combine.target],
    ['comparison', combine.comparison],
  ] as const) {
    rows.push({ dims: { group }, codes });
    if (byOrigin && codes.length > 1)
      for (const code of codes) {
        const origins = originsOfCode(code) ?? [];
        const subgroup = origins.every((o) => o.endsWith('-immigrant'))
          ? 'immigrants'
          : origins.every((o) => o.endsWith('-descendant'))
            ? 'descendants'
            : undefined;
        if (subgroup) rows.push({ dims: { group, originSubgroup: subgroup }, codes: [code] });
      }
  }
  for (const key of [...byPeriod.keys()].sort()) {
    const [area, period] = key.split('\u0000') as [string, string];
    const figures = byPeriod.get(key) as Map<string, CubeCell>;
    for (const row of rows) {
      const lacking = row.codes.filter((c) => !figures.has(c));
      if (lacking.length > 0) {
        const only =
          row.dims.group === 'comparison' && [...figures.keys()].every((c) => combine.target.includes(c));
        out.skip(
          area,
          period,
          only
            ? `${describe(row.dims)}: the cube answers only the target group; no comparison figure is made up`
            : `${describe(row.dims)}: the cube has no figure for ${ORIGIN}=${lacking.join(', ')}`,
        );
        continue;
      }
      const parts = row.codes.map((c) => figures.get(c) as CubeCell);
      const base = {
        series: indicator.id,
        area,
        period,
        dims: row.dims,
        unit: 'share',
        status: parts.some((p) => p.status === 'provisional') ? 'provisional' : 'final',
        illustrative: false,
      } as const;
      const withheld = parts.find((p) => p.value.kind === 'missing');
      if (withheld && withheld.value.kind === 'missing') {
        out.observations.push({
          ...base,
          value:
            parts.length === 1 ? withheld.value : { kind: 'missing', reason: 'confidential', marker: '..' },
        });
        continue;
      }
      const pupils = parts.map((p) => (typeof p.denominator === 'number' ? p.denominator : undefined));
      if (pupils.some((n) => n === 0)) {
        out.skip(area, period, `${describe(row.dims)}: the cube gives 0 pupils; no share can be computed`);
        continue;
      }
      if (parts.length === 1) {
        const p = parts[0] as CubeCell;
        const share = (p.value as { value: number }).value;
        const n = pupils[0];
        out.observations.push(
          n === undefined
            ? { ...base, value: { kind: 'number', value: share } }
            : {
                ...base,
                value: { kind: 'number', value: share },
                numerator: Math.round(share * n),
                denominator: n,
              },
        );
        continue;
      }
      if (pupils.some((n) => n === undefined)) {
        out.skip(
          area,
          period,
          `${describe(row.dims)}: the cube gives no number of pupils for ${row.codes.filter((_, i) => pupils[i] === undefined).join(', ')}; shares of several origin groups cannot be added without it`,
        );
        continue;
      }
      let numerator = 0;
      let denominator = 0;
      parts.forEach((p, i) => {
        const n = pupils[i] as number;
        numerator += Math.round((p.value as { value: number }).value * n);
        denominator += n;
      });
      out.observations.push({
        ...base,
        value: { kind: 'number', value: numerator / denominator },
        numerator,
        denominator,
      });
    }
  }
  return out.result();
}
