// Indicators computed across sources (`source.combine`): a share whose numerator comes from one answer and whose
// denominator from another — Jobindsats' full-time persons by origin over FOLK1E's population by origin — with the
// rule that aligns their periods, or the exam cubes' share of pupils with at least 2 by origin, weighed by the
// number of pupils where the cube gives it. The shape is checked by zod; what it refers to (the indicator's
// declared queries) by `combineIssues`, each message naming the indicator.
import { z } from 'zod';
import { folk1eOriginCodes } from '../observation/origin.ts';
import type { OriginCategory } from './schema.ts';

/**
 * How monthly figures meet a quarter's population. FOLK1E counts the population on the first day of each quarter;
 * Jobindsats counts full-time persons per month.
 * - `quarter-mean-of-months`: the quarter's figure is the mean of its three months (all three needed).
 * - `quarter-middle-month`: the quarter's figure is its middle month's (February, May, August, November).
 */
export const alignmentRules = ['quarter-mean-of-months', 'quarter-middle-month'] as const;
export type AlignmentRule = (typeof alignmentRules)[number];

const text = z.string().trim().min(1, 'expected non-empty text');
const variableName = z.string().min(1).max(40);
const valueCodes = z.array(z.string().min(1).max(40)).min(1, 'expected at least one value code');
const tableId = z.string().regex(/^[A-Za-z0-9]{2,20}$/, 'expected a table id such as Y36A02');

const alignmentRule = z.string().refine(
  (v): v is AlignmentRule => (alignmentRules as readonly string[]).includes(v),
  (v) => ({
    message: `period rule "${v.slice(0, 60)}" is not known; expected ${alignmentRules.join(' or ')}`,
  }),
);

/** A StatBank request, as `statbankQuerySchema` (repeated here so the schema file need not import this one). */
const statbankQuery = z
  .object({
    table: z.string().regex(/^[A-Za-z0-9]{2,20}$/, 'expected a StatBank table id such as FOLK1E'),
    variables: z.record(z.string().min(1).max(40), valueCodes),
  })
  .strict();

const sexCodes = z
  .object({ variable: variableName, total: variableName, women: variableName, men: variableName })
  .strict();

const countsOverPopulation = z
  .object({
    kind: z.literal('counts-over-population'),
    numerator: z
      .object({
        /** Tables among the indicator's `source.jobindsats` queries; their figures are summed. */
        jobindsats: z.array(tableId).min(1, 'expected at least one Jobindsats table'),
        /** The measure column summed, e.g. "Antal fuldtidspersoner". */
        measure: text,
        /** The sex column's values; the total is women and men added. Without it every row counts once. */
        sex: z.object({ variable: variableName, women: text, men: text }).strict().optional(),
      })
      .strict(),
    /** Optional in the shape so that its absence gets a message naming the indicator (see `combineIssues`). */
    denominator: z
      .object({
        /** The StatBank query of the population, e.g. FOLK1E by area, sex, age, origin and quarter. */
        statbank: statbankQuery.optional(),
        /** The variable holding origin (FOLK1E's HERKOMST codes). */
        origin: variableName,
        /** Cells summed, e.g. { ALDER: ["16", …, "64"] }; every code must be in the answer. */
        select: z.record(variableName, valueCodes).optional(),
        sex: sexCodes.optional(),
      })
      .strict()
      .optional(),
    periods: alignmentRule,
  })
  .strict();

/** A cube's HERKOMST code: one of FOLK1E's (1, 24, 25, 34, 35) or a group of them joined by "+" (24+25). */
const herkomstCode = z.string().superRefine((v, ctx) => {
  if (originsOfCode(v) === undefined)
    ctx.addIssue({
      code: 'custom',
      message: `"${v.slice(0, 40)}" is not an origin code such as 1, 25 or 24+25`,
    });
});

const educationShares = z
  .object({
    kind: z.literal('education-shares'),
    /** The cube, as område/emne/underemne of one of the indicator's `source.uddannelsesstatistik` queries. */
    cube: z
      .string()
      .regex(/^[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+$/, 'expected a cube such as GS/KARA/KARADM'),
    /** The cube's origin codes making up the target group, e.g. ["24+25", "34+35"]. */
    target: z.array(herkomstCode).min(1, 'expected at least one origin code'),
    /** And the comparison group, e.g. ["1"]. */
    comparison: z.array(herkomstCode).min(1, 'expected at least one origin code'),
  })
  .strict();

export const combineSchema = z.discriminatedUnion('kind', [countsOverPopulation, educationShares], {
  errorMap: (issue, ctx) =>
    issue.code === 'invalid_union_discriminator'
      ? { message: 'expected kind "counts-over-population" or "education-shares"' }
      : { message: ctx.defaultError },
});

export type Combine = z.infer<typeof combineSchema>;
export type CountsOverPopulation = z.infer<typeof countsOverPopulation>;
export type EducationShares = z.infer<typeof educationShares>;

/** The origin categories of a HERKOMST code or group ("24+25" → both immigrant categories), or undefined. */
export function originsOfCode(code: string): readonly OriginCategory[] | undefined {
  const parts = code.split('+');
  const out: OriginCategory[] = [];
  for (const p of parts) {
    const c = folk1eOriginCodes[p];
    if (c === undefined || c === 'all' || out.includes(c)) return undefined;
    out.push(c);
  }
  return out;
}

/** What `combineIssues` reads of an indicator: only plain data, so the schema can pass its parsed object. */
export interface CombinedIndicator {
  readonly id: string;
  readonly kind: string;
  readonly unit: unknown;
  readonly frequency: string;
  readonly source: {
    readonly combine?: Combine | undefined;
    readonly jobindsats?: readonly {
      readonly table: string;
      readonly measures: readonly { readonly label: string }[];
    }[];
    readonly uddannelsesstatistik?: readonly {
      readonly field: string;
      readonly topic: string;
      readonly subtopic: string;
      readonly origin?: string | undefined;
    }[];
  };
}

export interface CombineIssue {
  /** Below `source.combine`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The references a cross-source derivation makes that the indicator does not declare, one issue each. */
export function combineIssues(ind: CombinedIndicator): readonly CombineIssue[] {
  const c = ind.source.combine;
  if (!c) return [];
  const issues: CombineIssue[] = [];
  const add = (path: (string | number)[], message: string) =>
    issues.push({ path, message: `indicator "${ind.id}": ${message}` });
  if (ind.kind !== 'gap' || ind.unit !== 'share')
    add([], 'a share computed across sources needs kind "gap" and unit "share"');
  if (c.kind === 'counts-over-population') {
    const queries = ind.source.jobindsats ?? [];
    const declared = queries.map((q) => q.table.toUpperCase());
    c.numerator.jobindsats.forEach((table, i) => {
      const query = queries.find((q) => q.table.toUpperCase() === table.toUpperCase());
      if (!query)
        add(
          ['numerator', 'jobindsats', i],
          `"${table}" is not a table of its Jobindsats queries (source.jobindsats: ${declared.join(', ') || 'none'})`,
        );
      else if (!query.measures.some((m) => m.label === c.numerator.measure))
        add(
          ['numerator', 'measure'],
          `"${c.numerator.measure}" is not a measure of the ${query.table} query (${query.measures.map((m) => m.label).join(', ')})`,
        );
    });
    const twice = c.numerator.jobindsats.find((t, i) => c.numerator.jobindsats.indexOf(t) !== i);
    if (twice) add(['numerator', 'jobindsats'], `"${twice}" is named twice; it would be counted twice`);
    if (ind.frequency !== 'quarter')
      add(
        ['periods'],
        `the period rule "${c.periods}" gives quarters; the indicator's frequency is "${ind.frequency}"`,
      );
    const d = c.denominator;
    if (!d)
      add(['denominator'], 'the denominator is missing (source.combine.denominator with its StatBank query)');
    else if (!d.statbank)
      add(['denominator', 'statbank'], 'the denominator query is missing (a StatBank query such as FOLK1E)');
    else {
      const variables = Object.keys(d.statbank.variables);
      const named: [string, (string | number)[]][] = [
        [d.origin, ['denominator', 'origin']],
        ...Object.keys(d.select ?? {}).map((v): [string, (string | number)[]] => [
          v,
          ['denominator', 'select', v],
        ]),
        ...(d.sex
          ? [[d.sex.variable, ['denominator', 'sex', 'variable']] as [string, (string | number)[]]]
          : []),
      ];
      for (const [variable, where] of named)
        if (!variables.includes(variable))
          add(
            where,
            `"${variable}" is not a variable of the denominator query ${d.statbank.table} (${variables.join(', ')})`,
          );
      for (const [variable, codes] of Object.entries(d.select ?? {})) {
        const asked = d.statbank.variables[variable];
        if (!asked) continue;
        const missing = asked.includes('*') ? [] : codes.filter((code) => !asked.includes(code));
        if (missing.length > 0)
          add(
            ['denominator', 'select', variable],
            `${variable} ${missing.slice(0, 5).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not asked for by the denominator query`,
          );
      }
      if (d.sex && d.select && d.sex.variable in d.select)
        add(['denominator', 'sex'], `"${d.sex.variable}" is chosen by sex; it cannot also be selected`);
    }
  } else {
    const cubes = (ind.source.uddannelsesstatistik ?? []).map((q) => ({
      name: `${q.field}/${q.topic}/${q.subtopic}`.toUpperCase(),
      origin: q.origin,
    }));
    const cube = cubes.find((q) => q.name === c.cube.toUpperCase());
    if (!cube)
      add(
        ['cube'],
        `"${c.cube}" is not a cube of its education statistics queries (source.uddannelsesstatistik: ${cubes.map((q) => q.name).join(', ') || 'none'})`,
      );
    else if (!cube.origin)
      add(['cube'], `the ${cube.name} query has no origin breakdown (origin: "[Herkomst].[Herkomst]")`);
    const all = [...c.target, ...c.comparison];
    const seen: OriginCategory[] = [];
    all.forEach((code, i) => {
      const inTarget = i < c.target.length;
      const where = inTarget ? ['target', i] : ['comparison', i - c.target.length];
      for (const o of originsOfCode(code) ?? []) {
        if (seen.includes(o))
          add(where, `origin code "${code}" overlaps another; the groups would share pupils`);
        seen.push(o);
      }
    });
  }
  return issues;
}
