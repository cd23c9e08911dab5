// What an indicator page says about how its figures are computed across sources: which answers, the rule that
// aligns their periods, whether the shares have counts (an interval) or not (no spread), where the source's
// groups only approximate the indicator's, and where a source gives counts without a denominator.
import { originsOfCode, targetOrigins, type Indicator } from '../domain/strategy/index.ts';
import type { MessageKey, Translate } from './i18n/messages.ts';

export function combineNotes(ind: Indicator, t: Translate): readonly string[] {
  const c = ind.source.combine;
  if (!c) {
    const tables = (ind.source.jobindsats ?? []).map((q) => q.table);
    return tables.length > 0 ? [t('combine.countsOnly', { tables: tables.join(', ') })] : [];
  }
  if (c.kind === 'counts-over-population')
    return [
      t('combine.countsOverPopulation', {
        measure: c.numerator.measure,
        tables: c.numerator.jobindsats.join(', '),
        population: c.denominator?.statbank?.table ?? '',
      }),
      t(`combine.period.${c.periods}` as MessageKey),
      t('combine.periodsMeet'),
    ];
  const query = (ind.source.uddannelsesstatistik ?? []).find(
    (q) => `${q.field}/${q.topic}/${q.subtopic}`.toUpperCase() === c.cube.toUpperCase(),
  );
  const notes = [
    t('combine.educationShares', { cube: c.cube }),
    t(query?.denominator ? 'combine.withCount' : 'combine.noCount'),
  ];
  const counted = [...new Set(c.target.flatMap((code) => originsOfCode(code) ?? []))];
  const wanted = targetOrigins(ind);
  if (counted.length !== wanted.length || counted.some((o) => !wanted.includes(o)))
    notes.push(
      t('combine.approximated', { origins: counted.map((o) => t(`origin.${o}` as MessageKey)).join(', ') }),
    );
  return notes;
}
