// One row of an indicator file, validated with zod: the cells of the columns the indicator needs become an
// IndicatorRow, or the row is refused with every Danish reason at once.
// zod's v4 API (shipped inside the installed zod 3.25 as `zod/v4`): a v3 transform costs 15–25 µs a call here
// (it builds an accessor object per call), so seven per row made a 20 MB file take nearly three minutes; v4 runs
// the same schema in well under a microsecond a field.
import { z } from 'zod/v4';
import type { Indicator } from '../../domain/strategy/index.ts';
import {
  parseAgeBand,
  parseArea,
  parseChoice,
  parseCount,
  parseNonNegative,
  parsePeriod,
  shown,
  type CellValue,
  type Parsed,
} from './cell-values.ts';
import {
  columnsFor,
  frequencyLabel,
  groupValues,
  originValues,
  periodFormat,
  sexValues,
  type ColumnKey,
} from './columns.ts';

/** The figure in the shape the indicator's unit needs. */
export type Figure =
  | { readonly kind: 'share'; readonly numerator: number; readonly denominator: number }
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'count'; readonly count: number };

/** A valid row: where, when, which group, and the figure. Absent breakdowns mean "i alt". */
export interface IndicatorRow {
  /** The CSV line or spreadsheet row it came from. */
  readonly line: number;
  readonly area: string;
  readonly period: string;
  readonly group: 'target' | 'comparison';
  readonly sex?: 'women' | 'men' | undefined;
  readonly originSubgroup?: 'immigrants' | 'descendants' | undefined;
  readonly ageBand?: string | undefined;
  readonly figure: Figure;
}

/**
 * What a row is checked against beyond its own cells: the areas that exist, and the present (a figure
 * measured locally cannot be for a period that has not begun). The domain has no clock: `now` is passed in.
 */
export interface RowRules {
  /** The area codes that exist (the DST area registry); any three-digit code when absent. */
  readonly isArea?: ((code: string) => boolean) | undefined;
  /** The present; periods beginning after it are refused. No such check when absent. */
  readonly now?: Date | undefined;
}

const headers = new WeakMap<Indicator, Partial<Record<ColumnKey, string>>>();

/** The indicator's column headers by key, worked out once per indicator (not once a row). */
function headersOf(indicator: Indicator): Partial<Record<ColumnKey, string>> {
  let found = headers.get(indicator);
  if (!found) {
    found = Object.fromEntries(columnsFor(indicator).map((c) => [c.key, c.header]));
    headers.set(indicator, found);
  }
  return found;
}

/** The first day of a period (2024, 2024K3, 2024M07), in UTC. */
export function periodStart(period: string): Date {
  const year = Number(period.slice(0, 4));
  const rest = period.slice(4);
  const month = rest.startsWith('K')
    ? (Number(rest.slice(1)) - 1) * 3
    : rest.startsWith('M')
      ? Number(rest.slice(1)) - 1
      : 0;
  return new Date(Date.UTC(year, month, 1));
}

export type RowCells = Partial<Readonly<Record<ColumnKey, CellValue>>>;

const cell = z.union([z.string(), z.number(), z.date()]);

/** A zod field from one of the cell parsers: its reason becomes the issue's message as it is. */
function field<T>(parse: (v: CellValue) => Parsed<T>) {
  return cell.transform((v, ctx): T => {
    const r = parse(v);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.reason });
    return z.NEVER;
  });
}

const totalToUndefined = <T extends string>(v: T | 'total'): Exclude<T, 'total'> | undefined =>
  v === 'total' ? undefined : (v as Exclude<T, 'total'>);

/** The schema of one row of this indicator's file; its input is the row's cells by column. */
export function rowSchema(indicator: Indicator) {
  const header = Object.fromEntries(columnsFor(indicator).map((c) => [c.key, c.header])) as Record<
    ColumnKey,
    string
  >;
  const format = { ...periodFormat(indicator), frequency: frequencyLabel(indicator) };
  const shape = {
    area: field((v) => parseArea(header.area, v)),
    period: field((v) => parsePeriod(header.period, v, format)),
    group:
      indicator.kind === 'gap'
        ? field((v) => parseChoice(header.group, v, groupValues))
        : z.undefined().transform(() => 'target' as const),
    sex: indicator.breakdowns.includes('sex')
      ? field((v) => parseChoice(header.sex, v, sexValues)).transform(totalToUndefined)
      : z.undefined(),
    originSubgroup: indicator.breakdowns.includes('origin-subgroup')
      ? field((v) => parseChoice(header.origin, v, originValues)).transform(totalToUndefined)
      : z.undefined(),
    ageBand: indicator.breakdowns.includes('age-band')
      ? field((v) => parseAgeBand(header.ageBand, v))
      : z.undefined(),
    numerator:
      indicator.unit === 'share' ? field((v) => parseNonNegative(header.numerator, v)) : z.undefined(),
    denominator:
      indicator.unit === 'share'
        ? field((v) => {
            const r = parseNonNegative(header.denominator, v);
            return r.ok && r.value === 0
              ? { ok: false, reason: `${header.denominator} (${shown(v)}) skal være større end 0` }
              : r;
          })
        : z.undefined(),
    value:
      indicator.unit !== 'share' && indicator.unit !== 'count'
        ? field((v) => parseNonNegative(header.value, v))
        : z.undefined(),
    count: indicator.unit === 'count' ? field((v) => parseCount(header.count, v)) : z.undefined(),
  };
  return z.object(shape).strict();
}

/**
 * Validates one row. The cells come keyed by column (`origin` in the file is `originSubgroup` here); checks
 * across columns run once every column is valid, so a reason never rests on a value that was itself refused.
 */
export function validateRow(
  indicator: Indicator,
  schema: ReturnType<typeof rowSchema>,
  line: number,
  cells: RowCells,
  rules: RowRules = {},
): { readonly ok: true; readonly row: IndicatorRow } | { readonly ok: false; readonly reason: string } {
  const { origin, ...rest } = cells;
  const parsed = schema.safeParse({ ...rest, originSubgroup: origin });
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => i.message).join('; ') };
  const r = parsed.data;
  const reasons: string[] = [];
  const header = (key: ColumnKey) => headersOf(indicator)[key] ?? key;
  if (rules.isArea && !rules.isArea(r.area))
    reasons.push(
      `${header('area')} (${shown(cells.area ?? '')}) findes ikke i Danmarks Statistiks liste over områder`,
    );
  if (rules.now && periodStart(r.period).getTime() > rules.now.getTime())
    reasons.push(
      `${header('period')} (${shown(cells.period ?? '')}) er ikke begyndt endnu (i dag er ${rules.now.toISOString().slice(0, 10)}); ` +
        'tal for en kommende periode kan ikke være målt',
    );
  let figure: Figure;
  if (indicator.unit === 'share') {
    const numerator = r.numerator as number;
    const denominator = r.denominator as number;
    if (numerator > denominator)
      reasons.push(
        `tæller (${shown(cells.numerator ?? '')}) er større end nævner (${shown(cells.denominator ?? '')})`,
      );
    figure = { kind: 'share', numerator, denominator };
  } else if (indicator.unit === 'count') figure = { kind: 'count', count: r.count as number };
  else figure = { kind: 'value', value: r.value as number };
  if (
    r.group === 'comparison' &&
    r.originSubgroup !== undefined &&
    indicator.comparisonGroup?.basis === 'danish-origin'
  )
    reasons.push(
      `herkomst (${shown(cells.origin ?? '')}) kan ikke bruges for sammenligningsgruppen, som har dansk oprindelse; skriv "i alt"`,
    );
  if (reasons.length > 0) return { ok: false, reason: reasons.join('; ') };
  return {
    ok: true,
    row: {
      line,
      area: r.area,
      period: r.period,
      group: r.group,
      sex: r.sex,
      originSubgroup: r.originSubgroup,
      ageBand: r.ageBand,
      figure,
    },
  };
}

/** The key two rows may not share: area, period and every group dimension. */
export function rowKey(row: IndicatorRow): string {
  return [row.area, row.period, row.group, row.sex ?? '', row.originSubgroup ?? '', row.ageBand ?? ''].join(
    '|',
  );
}
