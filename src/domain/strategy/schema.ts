// The strategy definition format, version 2 (`strategySchema`), and the building blocks version 1 shares: the
// whole strategy as data, validated once at the edge. Version 1 files are read by `strategySchemaV1`
// (`schema-v1.ts`) and converted to version 2 (`convert-v1.ts`); the rest of the code sees version 2 only.
// Identifiers are English; every Danish word lives in the data as the strategy writes it.
import { z } from 'zod';
import { combineIssues, combineSchema } from './combine.ts';

/** The version field of a version 1 file: `formatVersion: 1`. */
export const FORMAT_VERSION_V1 = 1;

export const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected an id of lower-case letters, digits and single hyphens');
export const text = z.string().trim().min(1, 'expected non-empty text');
export const paragraphs = z.array(text).min(1, 'expected at least one paragraph');

/** A month as YYYY-MM: the strategy's period is given to the month ("september 2021–2023"). */
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');

/** A statistical period: a year (2021), a quarter (2021K2) or a month (2021M09), as Danmarks Statistik writes them. */
export const periodPattern = /^\d{4}(K[1-4]|M(0[1-9]|1[0-2]))?$/;
export const period = z.string().regex(periodPattern, 'expected a period such as 2021, 2021K2 or 2021M09');

/** A quotation from another strategy or policy that the goal text builds on. */
export const quote = z.object({ text, source: text }).strict();

/**
 * Origin categories as Danmarks Statistik defines them (herkomst): Danish origin, and immigrants and
 * descendants from Western and non-Western countries. Groups in indicators are unions of these.
 */
export const originCategories = [
  'danish',
  'western-immigrant',
  'western-descendant',
  'non-western-immigrant',
  'non-western-descendant',
] as const;
const origin = z.enum(originCategories);

export const targetGroup = z
  .object({
    label: text,
    origins: z.array(origin).min(1, 'expected at least one origin category'),
    /** A restriction the strategy adds, e.g. "ankommet som 0-12-årig". */
    restriction: text.optional(),
  })
  .strict();

/**
 * The comparison group as the strategy words it: "øvrige" (everyone outside the target group) or
 * "dansk oprindelse" (Danish origin only). The difference matters: the Integrationsbarometer uses the latter.
 */
export const comparisonGroup = z
  .object({
    label: text,
    basis: z.enum(['others', 'danish-origin']),
  })
  .strict();

export const sourceKinds = [
  'statbank',
  'jobindsats',
  'uddannelsesstatistik',
  'integrationsbarometer',
  'survey',
  'count-report',
  'file',
] as const;

/**
 * A StatBank request (api.statbank.dk/v1/data): the table and, per variable, the codes to fetch. `*` takes
 * every value, as the API allows. `pejlemaerke refresh` runs every query in the loaded strategies.
 */
export const statbankQuerySchema = z
  .object({
    table: z.string().regex(/^[A-Za-z0-9]{2,20}$/, 'expected a StatBank table id such as FOLK1E'),
    variables: z.record(
      z.string().min(1).max(40),
      z.array(z.string().min(1).max(40)).min(1, 'expected at least one value code'),
    ),
  })
  .strict();

/**
 * A Jobindsats request (STAR, api.jobindsats.dk/v2: `POST /data/{table}/json`): one table, one area, the periods
 * and the filters by the table's variable ids, and the answer's columns that hold figures. The column labels are
 * those of the answer's `Variables`; `columns` names the area, period and origin columns where they differ from
 * Område, Periode and Oprindelse.
 */
export const jobindsatsQuerySchema = z
  .object({
    table: z.string().regex(/^[A-Za-z0-9]{2,20}$/, 'expected a Jobindsats table id such as Y36A02'),
    /** An area as Jobindsats names it ("Ballerup", "Hele landet"). */
    area: text.max(100, 'expected an area name of at most 100 characters'),
    periods: z
      .array(
        z
          .string()
          .regex(/^\d{4}([KQ][1-4]|M(0[1-9]|1[0-2]))?$/, 'expected a period such as 2023, 2023K1 or 2023M01'),
      )
      .min(1, 'expected at least one period'),
    /** By variable id, e.g. `_oprinda` (origin) and `_kon` (sex), each with the values to fetch. */
    filters: z
      .record(
        z.string().regex(/^_[A-Za-z0-9]{1,40}$/, 'expected a variable id such as _kon or _oprinda'),
        z.array(text).min(1, 'expected at least one value'),
      )
      .optional(),
    measures: z
      .array(
        z
          .object({
            label: text,
            /** `count` unless given. */
            unit: z.enum(['count', 'share', 'weeks', 'score']).optional(),
          })
          .strict(),
      )
      .min(1, 'expected at least one measure column'),
    columns: z
      .object({ area: text.optional(), period: text.optional(), origin: text.optional() })
      .strict()
      .optional(),
    /** Where the figures only approximate the measurement: how. */
    note: text.optional(),
  })
  .strict();

/** A breakdown (detaljering) of the education statistics API: `[Dimension].[Niveau]`. */
const breakdown = z
  .string()
  .regex(/^\[[^[\]]{1,60}\]\.\[[^[\]]{1,60}\]$/, 'expected a breakdown of the form [Dimension].[Niveau]');
const cubeCode = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'expected a code of letters and digits such as GS or KARA');

/**
 * A query of Børne- og Undervisningsministeriets statistics API (api.uddannelsesstatistik.dk): the cube
 * (område/emne/underemne), the measure (nøgletal) holding the share, and the breakdowns naming period, area and
 * origin.
 */
export const uddannelsesstatistikQuerySchema = z
  .object({
    /** område, e.g. GS (grundskole). */
    field: cubeCode,
    /** emne, e.g. KARA (karakterer). */
    topic: cubeCode,
    /** underemne: the cube within the topic. */
    subtopic: cubeCode,
    /** The nøgletal holding the share, e.g. "Andel elever med mindst 2 i dansk og matematik". */
    share: text.max(200, 'expected a measure name of at most 200 characters'),
    shareScale: z.enum(['percent', 'fraction']).optional(),
    /** A nøgletal holding the number the share is of. */
    denominator: text.max(200, 'expected a measure name of at most 200 characters').optional(),
    /** The school-year breakdown; `[Skoleår].[Skoleår]` unless given. */
    period: breakdown.optional(),
    /** The breakdown naming municipalities; without it the figures are the whole country's. */
    area: breakdown.optional(),
    origin: breakdown.optional(),
    breakdowns: z.array(breakdown).optional(),
    emptyRows: z.boolean().optional(),
    /** Where the figures only approximate the measurement: how. */
    note: text.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.denominator !== undefined && q.denominator === q.share)
      ctx.addIssue({
        code: 'custom',
        path: ['denominator'],
        message: 'must be another measure than share',
      });
    const all = [q.period ?? '[Skoleår].[Skoleår]', q.area, q.origin, ...(q.breakdowns ?? [])];
    all.forEach((b, i) => {
      if (b !== undefined && all.indexOf(b) !== i)
        ctx.addIssue({ code: 'custom', path: ['breakdowns'], message: `breakdown ${b} given twice` });
    });
  });

const variableName = z.string().min(1).max(40);
const valueCodes = z.array(z.string().min(1).max(40)).min(1, 'expected at least one value code');
const cellSelection = z.record(variableName, valueCodes);

/**
 * How a share indicator is computed from the cells of its StatBank table: per area and period, for each group,
 * the numerator's cells and the denominator's cells summed over the group's origin categories. Every variable
 * the table has besides area, time and origin must be fixed (by `select`, `numerator`, `denominator` or `sex`),
 * or cells would be counted twice.
 */
export const deriveSchema = z
  .object({
    /** The variable holding origin, e.g. HERKOMST. */
    origin: variableName,
    /** Its codes → origin categories ("all" for the total); FOLK1E's HERKOMST codes unless given. */
    originCodes: z.record(z.string().min(1).max(40), z.enum([...originCategories, 'all'])).optional(),
    /** Cells both numerator and denominator count, e.g. { ALDER: ["20-24"] }; several codes are summed. */
    select: cellSelection.optional(),
    /** The cells the numerator counts besides the selection, e.g. { HFUDD: ["H20", "H30", ...] }. */
    numerator: cellSelection,
    /** The cells the denominator counts besides the selection, e.g. { HFUDD: ["TOT"] }. */
    denominator: cellSelection,
    /** The sex variable and its codes: the totals use `total`, the breakdown by sex `women` and `men`. */
    sex: z
      .object({ variable: variableName, total: variableName, women: variableName, men: variableName })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const parts = ['select', 'numerator', 'denominator'] as const;
    for (const part of parts)
      for (const [variable, codes] of Object.entries(d[part] ?? {})) {
        if (variable === d.origin)
          ctx.addIssue({
            code: 'custom',
            path: [part, variable],
            message: `${variable} is the origin variable; its codes belong in originCodes`,
          });
        codes.forEach((c, i) => {
          if (codes.indexOf(c) !== i)
            ctx.addIssue({ code: 'custom', path: [part, variable, i], message: `code ${c} given twice` });
        });
        const chosen = part === 'select' ? undefined : d.select?.[variable];
        if (chosen && !codes.some((c) => chosen.includes(c)))
          ctx.addIssue({
            code: 'custom',
            path: [part, variable],
            message: `none of these codes is in select.${variable} (${chosen.join(', ')}): the ${part} would count no cell`,
          });
      }
    if (d.sex?.variable === d.origin)
      ctx.addIssue({
        code: 'custom',
        path: ['sex', 'variable'],
        message: 'must be another variable than origin',
      });
    if (d.originCodes && !Object.values(d.originCodes).some((c) => c !== 'all'))
      ctx.addIssue({
        code: 'custom',
        path: ['originCodes'],
        message: 'expected at least one code of an origin category (not only totals)',
      });
  });

/** An all-digit code without leading zeros, as the derivation compares a query's codes with its own. */
function sameCode(a: string, b: string): boolean {
  const canon = (c: string) => (/^\d+$/.test(c) ? c.replace(/^0+(?=\d)/, '') : c);
  return canon(a) === canon(b);
}

export const plannedSource = z
  .object({
    kind: z.enum(sourceKinds),
    /** Who publishes it, e.g. "Danmarks Statistik" or "STAR, Jobindsats". */
    publisher: text,
    /** Table or cube names at the source, e.g. ["RAS200"]. */
    tables: z.array(text).optional(),
    /** The query that fetches the indicator's source figures, where Danmarks Statistik can serve them. */
    statbank: statbankQuerySchema.optional(),
    /** How the indicator's figures are computed from the StatBank query's cells. */
    derive: deriveSchema.optional(),
    /** The Jobindsats queries that fetch the indicator's figures, one per table. */
    jobindsats: z.array(jobindsatsQuerySchema).min(1, 'expected at least one query').optional(),
    /** The education statistics queries that fetch the indicator's figures, one per cube. */
    uddannelsesstatistik: z
      .array(uddannelsesstatistikQuerySchema)
      .min(1, 'expected at least one query')
      .optional(),
    /** How the indicator's figures are computed across its queries' answers (see `combine.ts`). */
    combine: combineSchema.optional(),
    /** The questionnaire (its id under surveys/) whose published rounds are the indicator's figures. */
    questionnaire: id.optional(),
    note: text.optional(),
  })
  .strict()
  .superRefine((source, ctx) => {
    if (source.questionnaire !== undefined && source.kind !== 'survey' && source.kind !== 'count-report')
      ctx.addIssue({
        code: 'custom',
        path: ['questionnaire'],
        message: `only allowed when kind is "survey" or "count-report", not "${source.kind}"`,
      });
    const d = source.derive;
    if (!d) return;
    // Without the query, or naming a variable it lacks: said by the indicator's check (strategySchema).
    const query = source.statbank;
    if (!query) return;
    // A code the derivation reads must be one the query asks for ("*" asks for every code).
    const needs: [string, string, (string | number)[]][] = [];
    for (const part of ['select', 'numerator', 'denominator'] as const)
      for (const [variable, codes] of Object.entries(d[part] ?? {}))
        for (const [i, c] of codes.entries()) needs.push([variable, c, ['derive', part, variable, i]]);
    if (d.sex)
      for (const key of ['total', 'women', 'men'] as const)
        needs.push([d.sex.variable, d.sex[key], ['derive', 'sex', key]]);
    for (const [variable, code, path] of needs) {
      const asked = Object.entries(query.variables).find(([v]) => v.toUpperCase() === variable.toUpperCase());
      if (asked && !asked[1].includes('*') && !asked[1].some((c) => sameCode(c, code)))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `the StatBank query asks for ${variable} ${asked[1].join(', ')}, not ${code}`,
        });
    }
  });

export const breakdownKinds = ['sex', 'origin-subgroup', 'age-band'] as const;

const populationCell = z.number().int().min(0);
const populationRow = z
  .object({
    total: populationCell,
    danishOrigin: populationCell,
    immigrants: populationCell,
    descendants: populationCell,
  })
  .strict();

export const targetGroupDefinition = z
  .object({
    label: text,
    definition: paragraphs,
    /** The strategy's footnote on Western and non-Western countries, word for word. */
    footnote: text,
    countries: z
      .object({
        western: z.array(text).min(1),
        nonWesternEurope: z.array(text).min(1),
        nonWesternContinents: z.array(text).min(1),
        oceaniaExcept: z.array(text).default([]),
        statelessAreNonWestern: z.boolean(),
      })
      .strict(),
    /** The StatBank query for the population by origin (FOLK1E), refreshed with the indicators. */
    populationQuery: statbankQuerySchema.optional(),
    /** The population table the strategy itself prints, with its source. */
    populationTable: z
      .object({
        caption: text,
        source: text,
        area: z.string().regex(/^\d{3}$/, 'expected a three-digit Danmarks Statistik area code'),
        period,
        rows: z
          .object({
            total: populationRow,
            denmark: populationRow,
            western: populationRow,
            nonWestern: populationRow,
          })
          .strict(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** What an indicator of either format needs to hold together: a gap's groups, a derivation's query, a combination. */
export interface CheckedIndicator {
  readonly id: string;
  readonly kind: string;
  readonly unit: unknown;
  readonly comparisonGroup?: unknown;
  readonly gapMeasure?: unknown;
  readonly frequency: string;
  readonly source: z.infer<typeof plannedSource>;
}

/** The cross-field rules of an indicator's kind, groups and source, reported at `at` (the indicator's path). */
export function checkIndicatorSource(
  ind: CheckedIndicator,
  at: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  if (ind.kind === 'gap' && !ind.comparisonGroup)
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'comparisonGroup'],
      message: 'required when kind is "gap"',
    });
  if (ind.kind === 'gap' && !ind.gapMeasure)
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'gapMeasure'],
      message: 'required when kind is "gap": "difference" or "ratio"',
    });
  if (ind.kind !== 'gap' && ind.comparisonGroup)
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'comparisonGroup'],
      message: `only allowed when kind is "gap", not "${ind.kind}"`,
    });
  for (const issue of combineIssues(ind))
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'source', 'combine', ...issue.path],
      message: issue.message,
    });
  const derive = ind.source.derive;
  if (derive) {
    const path = [...at, 'source', 'derive'];
    if (!ind.source.statbank)
      ctx.addIssue({
        code: 'custom',
        path,
        message: 'needs the StatBank query (source.statbank) it reads',
      });
    if (ind.kind !== 'gap' || ind.unit !== 'share')
      ctx.addIssue({ code: 'custom', path, message: 'only for a gap indicator whose unit is share' });
    const variables = Object.keys(ind.source.statbank?.variables ?? {});
    const named: [string, (string | number)[]][] = [
      [derive.origin, ['origin']],
      ...Object.keys(derive.select ?? {}).map((v): [string, (string | number)[]] => [v, ['select', v]]),
      ...Object.keys(derive.numerator).map((v): [string, (string | number)[]] => [v, ['numerator', v]]),
      ...Object.keys(derive.denominator).map((v): [string, (string | number)[]] => [v, ['denominator', v]]),
      ...(derive.sex ? [[derive.sex.variable, ['sex', 'variable']] as [string, (string | number)[]]] : []),
    ];
    for (const [variable, where] of named)
      if (ind.source.statbank && !variables.includes(variable))
        ctx.addIssue({
          code: 'custom',
          path: [...path, ...where],
          message: `"${variable}" is not a variable of the query (${variables.join(', ')})`,
        });
    if (
      derive.sex &&
      [derive.select, derive.numerator, derive.denominator].some((c) => c && derive.sex!.variable in c)
    )
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'sex'],
        message: `"${derive.sex.variable}" is chosen by sex; it cannot also be selected`,
      });
  }
}

// ---- Version 2: what the rest of the code reads -------------------------------------------------------------

/** The version field of a version 2 file: `format: 2`. */
export const FORMAT_VERSION = 2;

/** What an organisation unit is: an administrative centre, a political committee, the council or a partner. */
export const unitKinds = ['centre', 'committee', 'council', 'partner'] as const;

/** A unit of the organisation that may own an area, goal or indicator or be responsible for an intervention. */
const organisationUnit = z.object({ id, name: text, kind: z.enum(unitKinds) }).strict();

/** The name of a level as the strategy calls it, in Danish and English, one and several. */
const levelName = z
  .object({
    da: text.max(60, 'expected a name of at most 60 characters'),
    en: text.max(60, 'expected a name of at most 60 characters'),
    /** Several of them, where the word changes ("Indsatsområder"); the singular otherwise. */
    daPlural: text.max(60, 'expected a name of at most 60 characters').optional(),
    enPlural: text.max(60, 'expected a name of at most 60 characters').optional(),
  })
  .strict();

/** The names the pages use where a strategy names no level: the words of the product before version 2. */
export const defaultLevels = {
  area: { da: 'Indsatsområde', daPlural: 'Indsatsområder', en: 'Focus area', enPlural: 'Focus areas' },
  goal: { da: 'Mål', daPlural: 'Mål', en: 'Goal', enPlural: 'Goals' },
  indicator: { da: 'Indikator', daPlural: 'Indikatorer', en: 'Indicator', enPlural: 'Indicators' },
  intervention: { da: 'Indsats', daPlural: 'Indsatser', en: 'Intervention', enPlural: 'Interventions' },
} as const;

const levels = z
  .object({
    area: levelName.default(defaultLevels.area),
    goal: levelName.default(defaultLevels.goal),
    indicator: levelName.default(defaultLevels.indicator),
    intervention: levelName.default(defaultLevels.intervention),
  })
  .strict();

export const indicatorKinds = ['gap', 'level', 'count', 'yes-no'] as const;

/**
 * The desired movement: up or down; parity (the same degree as the comparison group); stable (kept where it
 * is); monitor (followed, not judged).
 */
export const directions = ['up', 'down', 'parity', 'stable', 'monitor'] as const;

/** The units an indicator's figures may have; any other is a free unit with its own label. */
export const unitNames = [
  'share',
  'count',
  'score',
  'weeks',
  'years',
  'days',
  'kr',
  'index',
  'hectares',
  'tonnes-co2',
  'yes-no',
] as const;

export const UNIT_LABEL_MAX = 100;

const unit = z.union([
  z.enum(unitNames),
  z
    .object({
      /** The unit as the pages write it after a number, e.g. "besøg pr. indbygger". */
      label: text.max(UNIT_LABEL_MAX, `expected a unit label of at most ${UNIT_LABEL_MAX} characters`),
    })
    .strict(),
]);

/** A target: the value to reach, optionally by a year, and whether at least, at most or exactly. */
const target = z
  .object({
    value: z.number().finite(),
    year: z.number().int().min(1900).max(2200).optional(),
    comparison: z.enum(['at-least', 'at-most', 'equal']),
  })
  .strict();

/** The baseline: a statistical period the figures give, or a value with its year (or an unknown year). */
const baseline = z.union([
  period,
  z
    .object({
      value: z.number().finite(),
      year: z.union([z.number().int().min(1900).max(2200), z.literal('unknown')]),
    })
    .strict(),
]);

/** What the indicator is held against besides its target: another area, another group or a reference series. */
const benchmark = z.union([
  z
    .object({
      /** A Danmarks Statistik area code: "000" the whole country, "084" Region Hovedstaden, "461" Odense. */
      area: z.string().regex(/^\d{3}$/, 'expected a three-digit Danmarks Statistik area code'),
    })
    .strict(),
  z.object({ group: text }).strict(),
  z
    .object({
      /** The id of a series uploaded as data, e.g. an expected level from a model. */
      series: id,
      label: text,
    })
    .strict(),
]);

/** The target group of one indicator: a label, and the origin categories where the strategy counts by origin. */
const indicatorTargetGroup = z
  .object({
    label: text,
    origins: z.array(z.enum(originCategories)).min(1, 'expected at least one origin category').optional(),
    restriction: text.optional(),
  })
  .strict();

const indicatorV2 = z
  .object({
    id,
    title: text,
    measurement: text,
    /**
     * gap: the target group against a comparison group; level: one group's value; count: a number of users or
     * activities; yes-no: whether something is in place.
     */
    kind: z.enum(indicatorKinds),
    /** The goal of the same area the indicator follows. */
    goal: id.optional(),
    population: text.optional(),
    targetGroup: indicatorTargetGroup.optional(),
    comparisonGroup: comparisonGroup.optional(),
    unit,
    gapMeasure: z.enum(['difference', 'ratio']).optional(),
    direction: z.enum(directions),
    target: target.optional(),
    baseline: baseline.optional(),
    benchmark: benchmark.optional(),
    /** Figures are not there yet: why, or when they are expected. */
    awaitingData: z.object({ note: text }).strict().optional(),
    source: plannedSource,
    frequency: z.enum(['year', 'quarter', 'month', 'survey-round']),
    lagMonths: z.number().int().min(0).max(60).optional(),
    breakdowns: z.array(z.enum(breakdownKinds)).default([]),
    /** The unit (centre, committee, ...) that owns the indicator. */
    owner: id,
    nationalMeasure: text.optional(),
    note: text.optional(),
  })
  .strict();

/** The statuses an intervention may have, as the follow-up keeps them. */
export const interventionStatusNames = ['planned', 'ongoing', 'paused', 'completed', 'stopped'] as const;

const interventionV2 = z
  .object({
    id,
    text,
    status: z.enum(interventionStatusNames).optional(),
    /** The unit responsible for it, and others taking part. */
    responsible: id.optional(),
    involved: z.array(id).optional(),
    period: z
      .object({ from: month, to: month.optional() })
      .strict()
      .refine((p) => p.to === undefined || p.from <= p.to, {
        message: 'period.from must not be after period.to',
        path: ['to'],
      })
      .optional(),
    /** The budget as the strategy states it, e.g. "2,5 mio. kr. årligt". */
    budget: text.optional(),
    /** The indicators it is meant to move, by id. */
    indicators: z.array(id).optional(),
  })
  .strict();

const interventionList = z
  .object({
    intro: paragraphs.optional(),
    items: z.array(interventionV2).min(1, 'expected at least one intervention'),
  })
  .strict();

/** A goal (mål) of an area: what the area's indicators are grouped under. */
const goal = z
  .object({
    id,
    title: text,
    text: text.optional(),
    owner: id.optional(),
  })
  .strict();

const areaV2 = z
  .object({
    id,
    title: text,
    subtitle: text.optional(),
    ambition: text.optional(),
    /** The area's goal in the strategy's words. */
    goal: z
      .object({
        text: paragraphs,
        quotes: z.array(quote).default([]),
        statements: z.array(text).default([]),
      })
      .strict()
      .optional(),
    goals: z.array(goal).default([]),
    measurement: z.object({ intro: paragraphs }).strict().optional(),
    indicators: z.array(indicatorV2).min(1, 'expected at least one indicator'),
    interventions: interventionList.optional(),
    organisation: z
      .object({
        /** The unit that coordinates the area (its tovholder). */
        lead: id,
        involved: z.array(id).default([]),
        text: paragraphs.optional(),
      })
      .strict(),
  })
  .strict();

const strategyObjectV2 = z
  .object({
    format: z.literal(FORMAT_VERSION, {
      errorMap: () => ({
        message: `expected ${FORMAT_VERSION} (or "formatVersion: 1" for a version 1 definition)`,
      }),
    }),
    id,
    title: text,
    organisation: z
      .object({
        name: text,
        /** Danmarks Statistik's three-digit municipality code, e.g. "151" for Ballerup. */
        areaCode: z.string().regex(/^\d{3}$/, 'expected a three-digit Danmarks Statistik area code'),
        units: z.array(organisationUnit).min(1, 'expected at least one unit'),
      })
      .strict(),
    levels: levels.default({}),
    period: z
      .object({ from: month, to: month.optional(), label: text })
      .strict()
      .refine((p) => p.to === undefined || p.from <= p.to, {
        message: 'period.from must not be after period.to',
        path: ['to'],
      }),
    purpose: text.optional(),
    background: paragraphs.optional(),
    principle: paragraphs.optional(),
    targetGroup: targetGroupDefinition.optional(),
    coordination: z.object({ owner: id, team: text.optional(), text }).strict().optional(),
    evaluation: z
      .object({ body: text, intervalYears: z.number().int().min(1).max(10), text })
      .strict()
      .optional(),
    /**
     * Whether the strategy reports each indicator's status as a colour against the base year: "traffic-light"
     * (green, yellow, red, white), by the rule the method page states.
     */
    colourScheme: z.enum(['traffic-light']).optional(),
    areas: z.array(areaV2).min(1, 'expected at least one area'),
    /** Interventions across the areas. */
    interventions: interventionList.optional(),
  })
  .strict();

/** Cross-references and uniqueness of a version 2 definition, each error at the one place it concerns. */
export const strategySchema = strategyObjectV2.superRefine((s, ctx) => {
  const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const unitAt = new Map<string, number>();
  s.organisation.units.forEach((u, i) => {
    const first = unitAt.get(u.id);
    if (first !== undefined)
      add(
        ['organisation', 'units', i, 'id'],
        `duplicate unit id "${u.id}" (also at organisation.units[${first}])`,
      );
    else unitAt.set(u.id, i);
  });
  const units = new Set(unitAt.keys());
  const known = [...units].join(', ');
  const needUnit = (value: string | undefined, path: (string | number)[]) => {
    if (value !== undefined && !units.has(value))
      add(path, `unknown unit "${value}"; the organisation's units are ${known}`);
  };
  if (s.coordination) needUnit(s.coordination.owner, ['coordination', 'owner']);

  const seen = {
    area: new Map<string, string>(),
    goal: new Map<string, string>(),
    indicator: new Map<string, string>(),
    intervention: new Map<string, string>(),
  };
  const unique = (kind: keyof typeof seen, value: string, path: (string | number)[]) => {
    const where = seen[kind].get(value);
    if (where) add(path, `duplicate ${kind} id "${value}" (also at ${where})`);
    else seen[kind].set(value, formatPath(path.slice(0, -1)));
  };
  const goalArea = new Map<string, string>();
  s.areas.forEach((a) => a.goals.forEach((g) => goalArea.has(g.id) || goalArea.set(g.id, a.id)));
  const indicatorIds = new Set(s.areas.flatMap((a) => a.indicators.map((i) => i.id)));

  const checkInterventions = (list: z.infer<typeof interventionList> | undefined, at: (string | number)[]) =>
    list?.items.forEach((it, ii) => {
      const here = [...at, 'items', ii];
      unique('intervention', it.id, [...here, 'id']);
      needUnit(it.responsible, [...here, 'responsible']);
      it.involved?.forEach((u, ui) => needUnit(u, [...here, 'involved', ui]));
      it.indicators?.forEach((ref, ri) => {
        if (!indicatorIds.has(ref))
          add([...here, 'indicators', ri], `unknown indicator "${ref}" in intervention "${it.id}"`);
      });
    });

  s.areas.forEach((a, ai) => {
    unique('area', a.id, ['areas', ai, 'id']);
    needUnit(a.organisation.lead, ['areas', ai, 'organisation', 'lead']);
    a.organisation.involved.forEach((c, ci) => needUnit(c, ['areas', ai, 'organisation', 'involved', ci]));
    a.goals.forEach((g, gi) => {
      unique('goal', g.id, ['areas', ai, 'goals', gi, 'id']);
      needUnit(g.owner, ['areas', ai, 'goals', gi, 'owner']);
    });
    checkInterventions(a.interventions, ['areas', ai, 'interventions']);
    a.indicators.forEach((ind, ii) => {
      const at = ['areas', ai, 'indicators', ii];
      unique('indicator', ind.id, [...at, 'id']);
      needUnit(ind.owner, [...at, 'owner']);
      if (ind.goal !== undefined && !a.goals.some((g) => g.id === ind.goal)) {
        const other = goalArea.get(ind.goal);
        const own = a.goals.map((g) => g.id).join(', ') || 'none';
        add(
          [...at, 'goal'],
          other
            ? `indicator "${ind.id}" names goal "${ind.goal}" of area "${other}"; it may name a goal of its own area "${a.id}" (${own})`
            : `indicator "${ind.id}" names unknown goal "${ind.goal}"; the goals of area "${a.id}" are ${own}`,
        );
      }
      if (ind.direction === 'monitor' && ind.target)
        add(
          [...at, 'target'],
          `indicator "${ind.id}" is only monitored (direction "monitor"), so it cannot have a target (got ${describeTarget(ind.target)})`,
        );
      const fromYear = baselineYear(ind.baseline);
      if (ind.target?.year !== undefined && fromYear !== undefined && ind.target.year < fromYear)
        add(
          [...at, 'target', 'year'],
          `indicator "${ind.id}": the target year ${ind.target.year} is before the baseline year ${fromYear}`,
        );
      if (ind.benchmark && 'area' in ind.benchmark && ind.benchmark.area === s.organisation.areaCode)
        add(
          [...at, 'benchmark', 'area'],
          `indicator "${ind.id}": benchmark area "${ind.benchmark.area}" is the strategy's own (organisation.areaCode); a benchmark is another area`,
        );
      if (ind.kind === 'gap' && !ind.targetGroup)
        add([...at, 'targetGroup'], `indicator "${ind.id}": required when kind is "gap"`);
      if ((ind.kind === 'yes-no') !== (ind.unit === 'yes-no'))
        add(
          [...at, 'unit'],
          ind.kind === 'yes-no'
            ? `indicator "${ind.id}": a yes-no indicator has unit "yes-no"`
            : `indicator "${ind.id}": unit "yes-no" is for kind "yes-no", not "${ind.kind}"`,
        );
      if ((ind.source.derive || ind.source.combine) && !ind.targetGroup?.origins)
        add(
          [...at, 'targetGroup', 'origins'],
          `indicator "${ind.id}": computed by origin, so its target group needs its origin categories`,
        );
      checkIndicatorSource(ind, at, ctx);
    });
  });
  checkInterventions(s.interventions, ['interventions']);
});

export type StrategyDefinition = z.infer<typeof strategySchema>;
export type StrategyInput = z.input<typeof strategySchema>;
export type Area = StrategyDefinition['areas'][number];
export type Goal = Area['goals'][number];
export type Indicator = Area['indicators'][number];
export type Intervention = NonNullable<Area['interventions']>['items'][number];
export type OrganisationUnit = StrategyDefinition['organisation']['units'][number];
export type UnitKind = OrganisationUnit['kind'];
export type IndicatorUnit = Indicator['unit'];
export type Direction = Indicator['direction'];
export type Levels = StrategyDefinition['levels'];
export type Benchmark = NonNullable<Indicator['benchmark']>;
export type Baseline = NonNullable<Indicator['baseline']>;

/** Cross-cutting interventions belong to no area; the follow-up keeps them under this area id. */
export const CROSS_CUTTING_AREA = '-';

/** Every intervention of the strategy: each area's, then the cross-cutting ones (with no area). */
export function allInterventions(
  d: StrategyDefinition,
): readonly { readonly area: Area | undefined; readonly item: Intervention }[] {
  return [
    ...d.areas.flatMap((area) => (area.interventions?.items ?? []).map((item) => ({ area, item }))),
    ...(d.interventions?.items ?? []).map((item) => ({ area: undefined, item })),
  ];
}

/** A unit's name by its id; the id itself where the definition has no such unit. */
export function unitName(d: StrategyDefinition, unitId: string): string {
  return d.organisation.units.find((u) => u.id === unitId)?.name ?? unitId;
}

/** The baseline period, where the baseline is one (not a value with its year). */
export function baselinePeriod(ind: { readonly baseline?: Baseline | undefined }): string | undefined {
  return typeof ind.baseline === 'string' ? ind.baseline : undefined;
}

/** The year the baseline is of: its period's year, or the year given with its value (none when unknown). */
export function baselineYear(baseline: Baseline | undefined): number | undefined {
  if (baseline === undefined) return undefined;
  if (typeof baseline === 'string') return Number(baseline.slice(0, 4));
  return baseline.year === 'unknown' ? undefined : baseline.year;
}

/** A target as a file writes it, for messages: `at-most 5 by 2027`. */
function describeTarget(t: z.infer<typeof target>): string {
  return `${t.comparison} ${t.value}${t.year === undefined ? '' : ` by ${t.year}`}`;
}

/** The origin categories of an indicator's target group; none where the strategy does not count by origin. */
export function targetOrigins(ind: Indicator): readonly OriginCategory[] {
  return ind.targetGroup?.origins ?? [];
}

export type StatbankQuery = z.infer<typeof statbankQuerySchema>;
export type Derivation = z.infer<typeof deriveSchema>;
export type DeclaredJobindsatsQuery = z.infer<typeof jobindsatsQuerySchema>;
export type DeclaredUddannelsesstatistikQuery = z.infer<typeof uddannelsesstatistikQuerySchema>;
export type OriginCategory = (typeof originCategories)[number];

/** `areas[2].indicators[0].direction` — the path notation used in every validation message. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || '(root)';
}

/** A unit as one word, for stored figures and lookups: its name, or "other" for a free unit with a label. */
export function unitKey(u: IndicatorUnit): UnitName | 'other' {
  return typeof u === 'string' ? u : 'other';
}

export type UnitName = (typeof unitNames)[number];

/** The strategy's period when it has an end; undefined for an open-ended one. */
export function closedPeriod(p: StrategyDefinition['period']): { from: string; to: string } | undefined {
  return p.to === undefined ? undefined : { from: p.from, to: p.to };
}
