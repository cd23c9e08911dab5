// The assessment API's answer for a level, count or yes/no indicator: status, change and interval, target.
import type { LevelAssessment } from '../domain/engine/index.ts';

/**
 * The change is published only when the figures behind it are (`changePublishable`); the status always is.
 * A share's change is in percentage points with Newcombe's interval; a count's is the difference, and the
 * ratio current / baseline with the conditional Poisson interval.
 */
export function levelAssessmentJson(a: LevelAssessment, changePublishable: boolean) {
  if (a.status === 'not-enough-data' || a.status === 'invalid' || a.status === 'not-assessed')
    return { reason: a.reason ?? null };
  const c = a.change;
  const usable = c && c.kind !== 'invalid' && c.kind !== 'not-enough-data' ? c : undefined;
  const change =
    !usable || !changePublishable
      ? null
      : usable.kind === 'no-spread'
        ? { difference: usable.difference, interval: null }
        : usable.method === 'newcombe'
          ? {
              method: 'newcombe',
              scale: 'percentage-points',
              difference: usable.difference.estimate,
              interval: [usable.difference.lower, usable.difference.upper],
              level: a.level,
            }
          : {
              method: 'poisson-conditional',
              difference: usable.difference,
              ratio: usable.ratio?.estimate ?? null,
              interval: usable.ratio ? [usable.ratio.lower, usable.ratio.upper] : null,
              level: a.level,
            };
  return {
    direction: a.direction,
    baselinePeriod: usable?.baseline.period ?? null,
    currentPeriod: usable?.current.period ?? null,
    latestPeriod: a.latest?.period ?? null,
    change,
    target: a.target
      ? { kind: a.target.kind, ...('status' in a.target ? { status: a.target.status } : {}) }
      : null,
  };
}
