// The strategy definition format (version 1): the whole strategy as data, validated once at the edge.
// Identifiers are English; every Danish word lives in the data as the strategy writes it.
import { z } from 'zod';
import { combineIssues, combineSchema } from './combine.ts';

export const FORMAT_VERSION = 1;

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected an id of lower-case letters, digits and single hyphens');
const text = z.string().trim().min(1, 'expected non-empty text');
const paragraphs = z.array(text).min(1, 'expected at least one paragraph');

/** A month as YYYY-MM: the strategy's period is given to the month ("september 2021–2023"). */
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');

/** A statistical period: a year (2021), a quarter (2021K2) or a month (2021M09), as Danmarks Statistik writes them. */
export const periodPattern = /^\d{4}(K[1-4]|M(0[1-9]|1[0-2]))?$/;
const period = z.string().regex(periodPattern, 'expected a period such as 2021, 2021K2 or 2021M09');

/** A quotation from another strategy or policy that the goal text builds on. */
const quote = z.object({ text, source: text }).strict();

/** A centre (center) of the municipal administration. */
const centre = z.object({ id, name: text }).strict();

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

const targetGroup = z
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
const comparisonGroup = z
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

const plannedSource = z
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
    note: text.optional(),
  })
  .strict()
  .superRefine((source, ctx) => {
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

export const indicatorKinds = ['gap', 'level', 'count'] as const;

const indicator = z
  .object({
    id,
    /** A short name for lists and headings. */
    title: text,
    /** The measurement word for word as the strategy writes it. */
    measurement: text,
    /**
     * gap: the target group against a comparison group; level: one group's value with no comparison
     * in the strategy; count: a number of users or activities.
     */
    kind: z.enum(indicatorKinds),
    /** Who is counted, e.g. "16-64-årige" or "ledige". */
    population: text.optional(),
    targetGroup,
    comparisonGroup: comparisonGroup.optional(),
    unit: z.enum(['share', 'weeks', 'count', 'score']),
    /** How the gap is expressed: a difference (percentage points) or a ratio ("set i forhold til"). */
    gapMeasure: z.enum(['difference', 'ratio']).optional(),
    /** The desired movement of the target group's value; parity where the strategy asks for the same degree. */
    direction: z.enum(['up', 'down', 'parity']),
    source: plannedSource,
    frequency: z.enum(['year', 'quarter', 'month', 'survey-round']),
    /** How long after a period's end the figure is published, in months. */
    lagMonths: z.number().int().min(0).max(60).optional(),
    breakdowns: z.array(z.enum(breakdownKinds)).default([]),
    /** The centre that owns the indicator. */
    owner: id,
    baseline: period.optional(),
    /** The matching measure on the national Integrationsbarometer, e.g. "2.1". */
    nationalMeasure: text.optional(),
    note: text.optional(),
  })
  .strict();

/** An intervention (indsats): one bullet of the strategy's "Indsatserne omfatter...". */
const intervention = z.object({ id, text }).strict();

const area = z
  .object({
    id,
    title: text,
    subtitle: text.optional(),
    /** The area's ambition: "Ballerup Kommune understøtter ..." */
    ambition: text,
    goal: z
      .object({
        text: paragraphs,
        quotes: z.array(quote).default([]),
        /** Separate goal statements where the strategy lists them ("Målene"). */
        statements: z.array(text).default([]),
      })
      .strict(),
    measurement: z.object({ intro: paragraphs }).strict(),
    indicators: z.array(indicator).min(1, 'expected at least one indicator'),
    interventions: z
      .object({
        intro: paragraphs,
        items: z.array(intervention).min(1, 'expected at least one intervention'),
      })
      .strict(),
    organisation: z
      .object({
        /** The tovholder: the centre that coordinates the area. */
        lead: id,
        involved: z.array(id).default([]),
        text: paragraphs,
      })
      .strict(),
  })
  .strict();

const populationCell = z.number().int().min(0);
const populationRow = z
  .object({
    total: populationCell,
    danishOrigin: populationCell,
    immigrants: populationCell,
    descendants: populationCell,
  })
  .strict();

const targetGroupDefinition = z
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

const strategyObject = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION, {
      errorMap: () => ({
        message: `expected ${FORMAT_VERSION} (the only definition format this version reads)`,
      }),
    }),
    id,
    title: text,
    organisation: z
      .object({
        name: text,
        /** Danmarks Statistik's three-digit municipality code, e.g. "151" for Ballerup. */
        areaCode: z.string().regex(/^\d{3}$/, 'expected a three-digit Danmarks Statistik area code'),
      })
      .strict(),
    period: z
      .object({ from: month, to: month, label: text })
      .strict()
      .refine((p) => p.from <= p.to, { message: 'period.from must not be after period.to', path: ['to'] }),
    /** The purpose in the council's own words. */
    purpose: text,
    background: paragraphs,
    principle: paragraphs,
    targetGroup: targetGroupDefinition,
    centres: z.array(centre).min(1, 'expected at least one centre'),
    coordination: z.object({ centre: id, unit: text, text }).strict(),
    evaluation: z.object({ body: text, intervalYears: z.number().int().min(1).max(10), text }).strict(),
    areas: z.array(area).min(1, 'expected at least one focus area'),
  })
  .strict();

/** Cross-references and uniqueness, checked after the shape so each error points at one place. */
export const strategySchema = strategyObject.superRefine((s, ctx) => {
  const centreIds = new Set<string>();
  s.centres.forEach((c, i) => {
    if (centreIds.has(c.id))
      ctx.addIssue({ code: 'custom', path: ['centres', i, 'id'], message: `duplicate centre id "${c.id}"` });
    centreIds.add(c.id);
  });
  const needCentre = (value: string, path: (string | number)[]) => {
    if (!centreIds.has(value)) ctx.addIssue({ code: 'custom', path, message: `unknown centre "${value}"` });
  };
  needCentre(s.coordination.centre, ['coordination', 'centre']);

  const seen = {
    area: new Map<string, string>(),
    indicator: new Map<string, string>(),
    intervention: new Map<string, string>(),
  };
  const unique = (kind: keyof typeof seen, value: string, path: (string | number)[]) => {
    const where = seen[kind].get(value);
    if (where)
      ctx.addIssue({ code: 'custom', path, message: `duplicate ${kind} id "${value}" (also at ${where})` });
    else seen[kind].set(value, formatPath(path.slice(0, -1)));
  };
  s.areas.forEach((a, ai) => {
    unique('area', a.id, ['areas', ai, 'id']);
    needCentre(a.organisation.lead, ['areas', ai, 'organisation', 'lead']);
    a.organisation.involved.forEach((c, ci) => needCentre(c, ['areas', ai, 'organisation', 'involved', ci]));
    a.interventions.items.forEach((it, ii) =>
      unique('intervention', it.id, ['areas', ai, 'interventions', 'items', ii, 'id']),
    );
    a.indicators.forEach((ind, ii) => {
      const at = ['areas', ai, 'indicators', ii];
      unique('indicator', ind.id, [...at, 'id']);
      needCentre(ind.owner, [...at, 'owner']);
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
          ...Object.keys(derive.denominator).map((v): [string, (string | number)[]] => [
            v,
            ['denominator', v],
          ]),
          ...(derive.sex
            ? [[derive.sex.variable, ['sex', 'variable']] as [string, (string | number)[]]]
            : []),
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
    });
  });
});

export type StrategyDefinition = z.infer<typeof strategySchema>;
export type StrategyInput = z.input<typeof strategySchema>;
export type Area = StrategyDefinition['areas'][number];
export type Indicator = Area['indicators'][number];
export type Intervention = Area['interventions']['items'][number];
export type Centre = StrategyDefinition['centres'][number];
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
