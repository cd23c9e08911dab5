// A share indicator computed from the cells of a statistical table (a StatBank table such as HFUDD11): per area
// and period, each group's numerator and denominator are the table's counts summed over the group's origin
// categories, as the indicator's derivation names the cells. The strategy's groups come from the origin codes
// (`comparisonOrigins`), so "øvrige" and "dansk oprindelse" are each summed as the strategy words them.
import type { Derivation, OriginCategory } from '../strategy/schema.ts';
import type { Observation, ObservedValue } from './observation.ts';
import { comparisonOrigins, folk1eOriginCodes } from './origin.ts';

/** A cell of the source table, as stored: its area, period, codes by variable and figure. */
export interface TableCell {
  readonly area: string;
  readonly period: string;
  readonly dims: Readonly<Record<string, string>>;
  readonly value: ObservedValue;
  readonly status: 'final' | 'provisional';
}

export interface Derived {
  /** The indicator's figures: a group's share with its counts, or a missing figure where a count is withheld. */
  readonly observations: readonly Observation[];
  /** Areas and periods (and breakdowns) the table cannot give, with why; at most the first hundred. */
  readonly skipped: readonly { readonly area: string; readonly period: string; readonly reason: string }[];
  readonly skippedCount: number;
}

type Part = 'numerator' | 'denominator';

/** Counts summed by origin category for one area, period and sex. */
interface Tally {
  readonly sums: Map<string, number>;
  /** Origin categories with a cell the table gives no figure for, with the first such cell's reason. */
  readonly withheld: Map<string, Extract<ObservedValue, { kind: 'missing' }>>;
  /** How many cells of each origin category were counted: every combination of the codes named, once. */
  readonly cells: Map<string, number>;
  readonly provisional: Set<string>;
}

/** What the derivation needs of an indicator: its id, its groups and its breakdowns. */
export interface DerivedIndicator {
  readonly id: string;
  /** Without origin categories nothing is derived (the definition refuses a derivation without them). */
  readonly targetGroup?: { readonly origins?: readonly OriginCategory[] | undefined } | undefined;
  readonly comparisonGroup?: { readonly basis: 'others' | 'danish-origin' } | undefined;
  readonly breakdowns: readonly string[];
}

const MAX_SKIPPED = 100;

/**
 * Computes the indicator's figures from the table's cells. A group's figure needs a numerator and a denominator
 * cell for every origin category of the group; where the table withholds one (confidential), the figure is
 * missing for the same reason; where it has none, the area and period are skipped and said to be.
 */
export function deriveShares(
  indicator: DerivedIndicator,
  derivation: Derivation,
  cells: Iterable<TableCell>,
  options: {
    /**
     * The caller has checked that the table has every code the derivation names (`absentCodes`) and hands over
     * the cells of some areas at a time: a code absent from those areas' cells is then no reason to compute none.
     */
    readonly codesChecked?: boolean;
  } = {},
): Derived {
  const codes: Readonly<Record<string, OriginCategory | 'all'>> = derivation.originCodes ?? folk1eOriginCodes;
  const target = indicator.targetGroup?.origins ?? [];
  const comparison = comparisonOrigins(target, indicator.comparisonGroup?.basis ?? 'others');
  const bySex = derivation.sex !== undefined && indicator.breakdowns.includes('sex');
  const byOrigin = indicator.breakdowns.includes('origin-subgroup');

  // One tally per area, period, sex (total, women, men) and part.
  const tallies = new Map<
    string,
    { area: string; period: string; sex: string; parts: Record<Part, Tally> }
  >();
  // Every code the derivation names must be in the table: a code mistyped, or one the table does not have,
  // would otherwise leave its cells out of a sum without a word.
  const named = namedCodes(derivation);
  for (const cell of cells) {
    for (const [variable, wanted] of named) {
      const code = cell.dims[variable];
      if (code !== undefined) wanted.delete(code);
    }
    const category = codes[cell.dims[derivation.origin] ?? ''];
    if (category === undefined || category === 'all') continue;
    if (!matches(cell.dims, derivation.select)) continue;
    const sex = sexOf(cell.dims, derivation.sex, bySex);
    if (sex === undefined) continue;
    for (const part of ['numerator', 'denominator'] as const) {
      if (!matches(cell.dims, derivation[part])) continue;
      const key = `${cell.area}\u0000${cell.period}\u0000${sex}`;
      let entry = tallies.get(key);
      if (!entry) {
        entry = {
          area: cell.area,
          period: cell.period,
          sex,
          parts: { numerator: emptyTally(), denominator: emptyTally() },
        };
        tallies.set(key, entry);
      }
      const tally = entry.parts[part];
      tally.cells.set(category, (tally.cells.get(category) ?? 0) + 1);
      if (cell.status === 'provisional') tally.provisional.add(category);
      if (cell.value.kind === 'missing') {
        // A withheld count (confidential) says more than "not available": it is kept when both are met.
        const before = tally.withheld.get(category);
        if (!before || (before.reason !== 'confidential' && cell.value.reason === 'confidential'))
          tally.withheld.set(category, cell.value);
      } else tally.sums.set(category, (tally.sums.get(category) ?? 0) + cell.value.value);
    }
  }

  const absent = [...named].flatMap(([variable, wanted]) => [...wanted].map((code) => `${variable}=${code}`));
  if (absent.length > 0 && !options.codesChecked)
    return {
      observations: [],
      skipped: [{ area: '', period: '', reason: `the table has no cells for ${absent.join(', ')}` }],
      skippedCount: 1,
    };

  const observations: Observation[] = [];
  const skipped: { area: string; period: string; reason: string }[] = [];
  let skippedCount = 0;
  const skip = (area: string, period: string, reason: string) => {
    skippedCount++;
    if (skipped.length < MAX_SKIPPED) skipped.push({ area, period, reason });
  };
  const expected = {
    numerator: cellsNamed(derivation, 'numerator'),
    denominator: cellsNamed(derivation, 'denominator'),
  };
  const groups = [
    { group: 'target', origins: target },
    { group: 'comparison', origins: comparison },
  ] as const;
  for (const { area, period, sex, parts } of tallies.values()) {
    for (const { group, origins } of groups) {
      const rows: { dims: Record<string, string>; origins: readonly OriginCategory[] }[] = [];
      rows.push({ dims: sex === 'total' ? { group } : { group, sex }, origins });
      if (byOrigin && sex === 'total')
        for (const subgroup of ['immigrants', 'descendants'] as const) {
          const within = origins.filter((o) =>
            o.endsWith(subgroup === 'immigrants' ? '-immigrant' : '-descendant'),
          );
          // A subgroup row only where the group has both kinds: otherwise it would repeat the group's figure.
          if (within.length > 0 && within.length < origins.length)
            rows.push({ dims: { group, originSubgroup: subgroup }, origins: within });
        }
      for (const row of rows) {
        const none = row.origins.filter(
          (o) => !parts.numerator.cells.has(o) || !parts.denominator.cells.has(o),
        );
        if (none.length > 0) {
          skip(area, period, `${describe(row.dims)}: the table has no cells for ${none.join(', ')}`);
          continue;
        }
        const some = row.origins.filter(
          (o) =>
            parts.numerator.cells.get(o) !== expected.numerator ||
            parts.denominator.cells.get(o) !== expected.denominator,
        );
        if (some.length > 0) {
          skip(
            area,
            period,
            `${describe(row.dims)}: the table lacks some of the cells for ${some.join(', ')}`,
          );
          continue;
        }
        const missing = row.origins.flatMap((o) =>
          [parts.numerator.withheld.get(o), parts.denominator.withheld.get(o)].filter((m) => m !== undefined),
        );
        const withheld = missing.find((m) => m.reason === 'confidential') ?? missing[0];
        const status = row.origins.some(
          (o) => parts.numerator.provisional.has(o) || parts.denominator.provisional.has(o),
        )
          ? 'provisional'
          : 'final';
        const base = {
          series: indicator.id,
          area,
          period,
          dims: row.dims,
          unit: 'share',
          status,
          illustrative: false,
        } as const;
        if (withheld) {
          // The figure is missing for the reason the table gives (`..` confidential, `.` not available, …).
          observations.push({
            ...base,
            value: { kind: 'missing', reason: withheld.reason, marker: withheld.marker },
          });
          continue;
        }
        const numerator = sum(parts.numerator.sums, row.origins);
        const denominator = sum(parts.denominator.sums, row.origins);
        if (denominator <= 0 || numerator < 0 || numerator > denominator) {
          skip(area, period, `${describe(row.dims)}: ${numerator} of ${denominator} is not a share`);
          continue;
        }
        observations.push({
          ...base,
          value: { kind: 'number', value: numerator / denominator },
          numerator,
          denominator,
        });
      }
    }
  }
  return { observations, skipped, skippedCount };
}

/** How many cells of one origin category, area, period and sex a part counts: one per combination of codes. */
function cellsNamed(d: Derivation, part: Part): number {
  let n = 1;
  const variables = new Set([...Object.keys(d.select ?? {}), ...Object.keys(d[part])]);
  for (const v of variables) {
    const chosen = d.select?.[v];
    const own = d[part][v];
    n *= chosen && own ? chosen.filter((c) => own.includes(c)).length : (chosen ?? own ?? []).length;
  }
  return n;
}

/** The codes the derivation names that the table lacks, as `VARIABLE=code`, from the table's codes by variable. */
export function absentCodes(
  derivation: Derivation,
  codes: ReadonlyMap<string, ReadonlySet<string>>,
): readonly string[] {
  return [...namedCodes(derivation)].flatMap(([variable, wanted]) =>
    [...wanted].filter((c) => !codes.get(variable)?.has(c)).map((c) => `${variable}=${c}`),
  );
}

/** The codes the derivation selects by, per variable (not the origin codes: a table may lack a category). */
function namedCodes(d: Derivation): Map<string, Set<string>> {
  const named = new Map<string, Set<string>>();
  const add = (variable: string, codes: readonly string[]) => {
    let set = named.get(variable);
    if (!set) named.set(variable, (set = new Set()));
    for (const c of codes) set.add(c);
  };
  for (const selection of [d.select, d.numerator, d.denominator])
    for (const [variable, codes] of Object.entries(selection ?? {})) add(variable, codes);
  if (d.sex) add(d.sex.variable, [d.sex.total]);
  return named;
}

function emptyTally(): Tally {
  return { sums: new Map(), withheld: new Map(), cells: new Map(), provisional: new Set() };
}

function matches(
  dims: Readonly<Record<string, string>>,
  selection: Readonly<Record<string, readonly string[]>> | undefined,
): boolean {
  if (!selection) return true;
  for (const variable in selection) {
    const code = dims[variable];
    if (code === undefined || !(selection[variable] as readonly string[]).includes(code)) return false;
  }
  return true;
}

/** 'total', 'women' or 'men' for a cell, or undefined for a cell of no sex the indicator reads. */
function sexOf(
  dims: Readonly<Record<string, string>>,
  sex: Derivation['sex'],
  bySex: boolean,
): string | undefined {
  if (!sex) return 'total';
  const code = dims[sex.variable];
  if (code === sex.total) return 'total';
  if (!bySex) return undefined;
  if (code === sex.women) return 'women';
  if (code === sex.men) return 'men';
  return undefined;
}

function sum(sums: ReadonlyMap<string, number>, origins: readonly OriginCategory[]): number {
  let total = 0;
  for (const o of origins) total += sums.get(o) ?? 0;
  return total;
}

function describe(dims: Readonly<Record<string, string>>): string {
  return Object.entries(dims)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
