// Template helpers for what a version 2 definition says: the strategy's own names of its levels, units by name,
// and an indicator's unit, target, baseline and benchmark as sentences in the page's language.
import {
  defaultLevels,
  unitName,
  type Indicator,
  type IndicatorUnit,
  type Levels,
  type StrategyDefinition,
} from '../domain/strategy/index.ts';
import { formatPeriod } from './format.ts';
import { translator, type Language } from './i18n/messages.ts';
import { formatInUnit, unitHeading } from './unit-format.ts';

type LevelKey = keyof Levels;

export function definitionHelpers(lang: Language, areaName: (code: string) => string) {
  const t = translator(lang);
  return {
    /** A level's name as the strategy calls it: "Indsatsområder", "Mål", "Pejlemærke". */
    levelName: (levels: Levels | undefined, key: LevelKey, plural = false): string => {
      const l = levels?.[key] ?? defaultLevels[key];
      if (lang === 'da') return plural ? (l.daPlural ?? l.da) : l.da;
      return plural ? (l.enPlural ?? l.en) : l.en;
    },
    /** A unit of the organisation by name; the id where the definition lacks it. */
    unitOf: (d: StrategyDefinition, id: string | undefined): string =>
      id === undefined ? t('notStated') : unitName(d, id),
    unitLabel: (unit: IndicatorUnit): string => unitHeading(unit, t),
    inUnit: (n: number, unit: IndicatorUnit): string => formatInUnit(n, unit, lang),
    targetText: (ind: Indicator): string => {
      const tg = ind.target;
      if (!tg) return '';
      const value = t(`indicator.targetValue.${tg.comparison}`, {
        value: formatInUnit(tg.value, ind.unit, lang),
      });
      return tg.year === undefined ? value : t('indicator.targetYear', { target: value, year: tg.year });
    },
    baselineText: (ind: Indicator): string => {
      const b = ind.baseline;
      if (b === undefined) return '';
      if (typeof b === 'string') return formatPeriod(b, lang);
      return t('indicator.baselineValue', {
        value: formatInUnit(b.value, ind.unit, lang),
        year: b.year === 'unknown' ? t('indicator.baselineUnknownYear') : b.year,
      });
    },
    benchmarkText: (ind: Indicator): string => {
      const b = ind.benchmark;
      if (!b) return '';
      if ('area' in b) return t('indicator.benchmarkArea', { area: areaName(b.area) });
      if ('group' in b) return b.group;
      return b.label;
    },
  };
}
