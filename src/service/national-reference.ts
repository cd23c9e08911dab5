// The national reference of an indicator: the Integrationsbarometer's figure for the whole country on the measure
// the indicator's definition names (`nationalMeasure`), as stored from the bundled data file, with what the figure
// is and where it comes from (datasets/integrationsbarometer/measures.json).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Indicator, StrategyDefinition } from '../domain/strategy/index.ts';
import { bundledDatasetsDir } from '../sources/areas/index.ts';
import type { Database } from '../store/database.ts';
import { currentFigures, findBatches } from '../store/observation-store.ts';

export const BAROMETER_SERIES = 'INTEGRATIONSBAROMETER';
export const BAROMETER_MEASURES_FILE = 'integrationsbarometer/measures.json';

const bilingual = z.object({ da: z.string().min(1), en: z.string().min(1) }).strict();

const measuresSchema = z
  .object({
    formatVersion: z.literal(1),
    report: z
      .object({
        publisher: z.string().min(1),
        title: z.string().min(1),
        published: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month such as 2022-11'),
        coverage: bilingual,
        citation: bilingual,
      })
      .strict(),
    measures: z
      .array(
        z
          .object({
            measure: z.string().regex(/^\d+\.\d+$/, 'expected a measure such as 2.1'),
            figure: z.enum(['share', 'gap']),
            baseline: z
              .string()
              .regex(/^\d{4}$/)
              .optional(),
            da: z.string().min(1),
            en: z.string().min(1),
            /** How the measure's definition differs from the nearest indicators, where that needs saying. */
            note: bilingual.optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type BarometerMeasures = z.infer<typeof measuresSchema>;

/** What the reader of a page needs of one national figure. Shares are 0–1, gaps and changes percentage points. */
export interface NationalReference {
  readonly measure: string;
  /** `share`: the barometer's share for its target group; `gap`: the difference between two groups. */
  readonly figure: 'share' | 'gap';
  readonly period: string;
  readonly level: number;
  /** The change since the barometer's baseline, in percentage points; absent when the file gives none. */
  readonly change: number | undefined;
  /** The baseline year, where the report names it. */
  readonly baseline: string | undefined;
  readonly description: { readonly da: string; readonly en: string };
  readonly report: BarometerMeasures['report'];
  /** The batch the figures were stored in. */
  readonly batchId: string;
  readonly licence: string | undefined;
}

/** Reads and checks the measures file; a problem names the file and the field. */
export async function readBarometerMeasures(dir = bundledDatasetsDir): Promise<BarometerMeasures> {
  const file = path.join(dir, BAROMETER_MEASURES_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`${BAROMETER_MEASURES_FILE}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  const parsed = measuresSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${BAROMETER_MEASURES_FILE}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/**
 * The national figure on the indicator's barometer measure, or undefined when the indicator names none, the
 * measures file does not know it, or its level is not stored (a database the bundled data was never loaded into).
 */
export async function nationalReference(
  database: Database,
  indicator: Indicator,
): Promise<NationalReference | undefined> {
  const measure = indicator.nationalMeasure;
  if (measure === undefined) return undefined;
  const measures = await bundledMeasures();
  const meta = measures.measures.find((m) => m.measure === measure);
  if (!meta) return undefined;
  return storedMeasure(database, measures, meta);
}

let bundledFile: Promise<BarometerMeasures> | undefined;
const bundledMeasures = () =>
  (bundledFile ??= readBarometerMeasures().catch((e: unknown) => {
    bundledFile = undefined;
    throw e;
  }));

/** The measure's stored national figure, or undefined when its level is not stored. */
async function storedMeasure(
  database: Database,
  measures: BarometerMeasures,
  meta: BarometerMeasures['measures'][number],
): Promise<NationalReference | undefined> {
  const measure = meta.measure;
  const [found] = await currentFigures(database.db, { series: [BAROMETER_SERIES], areas: ['000'] });
  const figures = (found?.figures ?? []).filter((f) => f.dims.measure === measure && f.value !== null);
  // The latest report's year, should a later report be added beside this one.
  const period = figures.reduce<string | undefined>(
    (p, f) => (p === undefined || f.period > p ? f.period : p),
    undefined,
  );
  const at = (statistic: string) =>
    figures.find((f) => f.period === period && f.dims.statistic === statistic);
  const level = at('level');
  if (period === undefined || level === undefined || level.value === null) return undefined;
  const [batch] = await findBatches(database.db, [level.batchId]);
  return {
    measure,
    figure: meta.figure,
    period,
    level: level.value,
    change: at('change-since-baseline')?.value ?? undefined,
    baseline: meta.baseline,
    description: { da: meta.da, en: meta.en },
    report: measures.report,
    batchId: level.batchId,
    licence: batch?.provenance.licence,
  };
}

/** One barometer measure on the method page: what it is, its stored figure, and the indicators that name it. */
export interface BarometerMeasureUse {
  readonly measure: string;
  readonly description: { readonly da: string; readonly en: string };
  readonly note: { readonly da: string; readonly en: string } | undefined;
  readonly stored: NationalReference | undefined;
  readonly indicators: readonly {
    readonly strategyId: string;
    readonly id: string;
    readonly title: string;
  }[];
}

/**
 * Every measure of the bundled barometer file with the indicators of the given strategies that name it
 * (`nationalMeasure`): a measure no indicator names is listed with none, so the page says it is shown beside none.
 */
export async function barometerOverview(
  database: Database,
  definitions: readonly StrategyDefinition[],
): Promise<{
  readonly report: BarometerMeasures['report'];
  readonly measures: readonly BarometerMeasureUse[];
}> {
  const measures = await bundledMeasures();
  const uses: BarometerMeasureUse[] = [];
  for (const meta of measures.measures)
    uses.push({
      measure: meta.measure,
      description: { da: meta.da, en: meta.en },
      note: meta.note,
      stored: await storedMeasure(database, measures, meta),
      indicators: definitions.flatMap((d) =>
        d.areas.flatMap((a) =>
          a.indicators
            .filter((i) => i.nationalMeasure === meta.measure)
            .map((i) => ({ strategyId: d.id, id: i.id, title: i.title })),
        ),
      ),
    });
  return { report: measures.report, measures: uses };
}
