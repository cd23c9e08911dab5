// The level engine applied to an indicator of the loaded definition: its status, and whether its change may be shown.
import {
  assessLevel,
  assessmentSpecOf,
  type InputSeries,
  type LevelAssessment,
} from '../domain/engine/index.ts';
import type { Indicator } from '../domain/strategy/index.ts';
import type { PeriodRow } from './indicator-publish.ts';

/** A level or count indicator's judgement of a series; undefined for a gap indicator (the gap engine's). */
export function judgeLevel(
  indicator: Indicator,
  series: InputSeries,
  currentYear?: number,
): LevelAssessment | undefined {
  if (indicator.kind === 'gap') return undefined;
  return assessLevel(assessmentSpecOf(indicator), series, currentYear === undefined ? {} : { currentYear });
}

/**
 * The change of a level is published only when the figures it is computed from are, as a gap's: the status is
 * decided on the full figures, but a change and one published figure would give a suppressed one. A baseline
 * given as a value in the definition is public already.
 */
export function levelChangePublishable(a: LevelAssessment, rows: readonly PeriodRow[]): boolean {
  const c = a.change;
  if (!c || c.kind === 'invalid' || c.kind === 'not-enough-data') return true;
  const periods = [c.current.period, ...(c.baseline.fromDefinition ? [] : [c.baseline.period])];
  return periods.every((p) => rows.find((r) => r.period === p)?.target.share.kind === 'value');
}
