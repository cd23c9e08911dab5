// Version 1 of the strategy definition format (`formatVersion: 1`), as the Ballerup strategy of 2021 was first
// written: a target group by origin for the strategy and every indicator, centres as the only owners, no goal
// level. Read as written (so errors point into the file), then converted to version 2 by `convert-v1.ts`.
import { z } from 'zod';
import {
  FORMAT_VERSION_V1,
  targetGroupDefinition,
  breakdownKinds,
  checkIndicatorSource,
  comparisonGroup,
  formatPath,
  id,
  month,
  paragraphs,
  period,
  plannedSource,
  quote,
  targetGroup,
  text,
} from './schema.ts';

/** A centre (center) of the municipal administration. */
const centre = z.object({ id, name: text }).strict();

export const indicatorKindsV1 = ['gap', 'level', 'count'] as const;

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
    kind: z.enum(indicatorKindsV1),
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

const strategyObject = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION_V1, {
      errorMap: () => ({
        message: `expected ${FORMAT_VERSION_V1} (or write "format: 2" for a version 2 definition)`,
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
export const strategySchemaV1 = strategyObject.superRefine((s, ctx) => {
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
      checkIndicatorSource(ind, at, ctx);
    });
  });
});

export type StrategyDefinitionV1 = z.infer<typeof strategySchemaV1>;
export type StrategyInputV1 = z.input<typeof strategySchemaV1>;
export type AreaV1 = StrategyDefinitionV1['areas'][number];
export type IndicatorV1 = AreaV1['indicators'][number];
