// A declared query of the education ministry's statistics API: the cube (område/emne/underemne), the measure
// holding the share, and the breakdowns (detaljering) that name period, area and origin. Turned into the
// documented body `{område, emne, underemne, nøgletal, detaljering, indlejret, tomme_rækker, formattering, side}`.
import { UddannelsesstatistikError } from './errors.ts';

/** The school-year breakdown of the exam cubes. */
export const SCHOOL_YEAR_BREAKDOWN = '[Skoleår].[Skoleår]';
/** The origin breakdown some exam cubes carry. */
export const HERKOMST_BREAKDOWN = '[Herkomst].[Herkomst]';
/** The share the 9th-grade exam cubes report. */
export const PASSED_DANISH_AND_MATHS = 'Andel elever med mindst 2 i dansk og matematik';

export interface UddannelsesstatistikQuery {
  /** område: the part of the education system, e.g. GS (grundskole). */
  readonly field: string;
  /** emne, e.g. KARA (karakterer). */
  readonly topic: string;
  /** underemne: the cube within the topic. */
  readonly subtopic: string;
  /** The nøgletal holding the share, e.g. "Andel elever med mindst 2 i dansk og matematik". */
  readonly share: string;
  /** How the share is written: as a percentage (87,5) unless `fraction` (0,875). */
  readonly shareScale?: 'percent' | 'fraction';
  /** A nøgletal holding the number of pupils the share is of, stored as the denominator. */
  readonly denominator?: string;
  /** The detaljering holding the school year; `[Skoleår].[Skoleår]` unless given. */
  readonly period?: string;
  /** The detaljering naming municipalities; without it the figures are the whole country's (000). */
  readonly area?: string;
  /** The detaljering holding origin, e.g. `[Herkomst].[Herkomst]`. */
  readonly origin?: string;
  /** Further detaljeringer, each a group dimension named by its last part (`[Køn].[Køn]` → KØN). */
  readonly breakdowns?: readonly string[];
  /** tomme_rækker: also rows without figures. */
  readonly emptyRows?: boolean;
}

const CODE = /^[A-Za-z0-9_-]{1,40}$/;
const BREAKDOWN = /^\[[^[\]]{1,60}\]\.\[([^[\]]{1,60})\]$/;

/** The cube's name, e.g. GS/KARA/…: the series the figures are stored under and the table in provenance. */
export function cubeOf(query: UddannelsesstatistikQuery): string {
  for (const [name, v] of [
    ['field', query.field],
    ['topic', query.topic],
    ['subtopic', query.subtopic],
  ] as const)
    if (!CODE.test(v))
      throw new UddannelsesstatistikError(
        'bad-query',
        `${name} ${JSON.stringify(v.slice(0, 40))} is not a code of letters and digits (e.g. GS, KARA)`,
      );
  return `${query.field}/${query.topic}/${query.subtopic}`.toUpperCase();
}

export function breakdownsOf(query: UddannelsesstatistikQuery): readonly string[] {
  const all = [
    query.period ?? SCHOOL_YEAR_BREAKDOWN,
    ...(query.area ? [query.area] : []),
    ...(query.origin ? [query.origin] : []),
    ...(query.breakdowns ?? []),
  ];
  for (const b of all)
    if (!BREAKDOWN.test(b))
      throw new UddannelsesstatistikError(
        'bad-query',
        `${cubeOf(query)}: breakdown ${JSON.stringify(b.slice(0, 80))} is not of the form [Dimension].[Niveau]`,
      );
  const twice = all.find((b, i) => all.indexOf(b) !== i);
  if (twice)
    throw new UddannelsesstatistikError('bad-query', `${cubeOf(query)}: breakdown ${twice} given twice`);
  return all;
}

export function measuresOf(query: UddannelsesstatistikQuery): readonly string[] {
  const all = [query.share, ...(query.denominator ? [query.denominator] : [])];
  if (all.some((m) => m.trim() === '' || m.length > 200))
    throw new UddannelsesstatistikError('bad-query', `${cubeOf(query)}: a measure name is empty or too long`);
  if (query.denominator === query.share)
    throw new UddannelsesstatistikError(
      'bad-query',
      `${cubeOf(query)}: the share and denominator are the same measure`,
    );
  return all;
}

/** The group dimension a breakdown becomes: its level's name in capitals (`[Køn].[Køn]` → KØN). */
export function dimensionName(breakdown: string): string {
  return (BREAKDOWN.exec(breakdown)?.[1] ?? breakdown).toUpperCase();
}

/** The request body for one page, keys in the documented order. */
export function requestBody(query: UddannelsesstatistikQuery, page: number): string {
  cubeOf(query);
  return JSON.stringify({
    område: query.field,
    emne: query.topic,
    underemne: query.subtopic,
    nøgletal: measuresOf(query),
    detaljering: breakdownsOf(query),
    indlejret: false,
    tomme_rækker: query.emptyRows ?? false,
    formattering: 'json',
    side: page,
  });
}
