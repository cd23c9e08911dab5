// The method page's list of the Integrationsbarometer's national measures: what each is, its stored figure for
// the whole country, and the indicators that name it — or that none does, with how the measure's definition
// differs where the data file says so (measure 1.1, the employment gap, beside no bundled indicator).
import type { BarometerMeasureUse, NationalReference } from '../service/national-reference.ts';
import { formatNumber } from './format.ts';
import type { Language, Translate } from './i18n/messages.ts';
import { link } from './render.ts';

function level(ref: NationalReference, lang: Language, t: Translate): string {
  const value =
    ref.figure === 'share'
      ? `${formatNumber(ref.level * 100, lang)}${lang === 'da' ? ' %' : '%'}`
      : t('national.points', { n: formatNumber(ref.level, lang) });
  return t('method.barometer.level', { period: ref.period, level: value });
}

export function presentBarometerOverview(
  overview: {
    readonly report: { readonly citation: { readonly da: string; readonly en: string } };
    readonly measures: readonly BarometerMeasureUse[];
  },
  lang: Language,
  t: Translate,
) {
  return {
    citation: overview.report.citation[lang],
    rows: overview.measures.map((m) => ({
      measure: m.measure,
      description: m.description[lang],
      level: m.stored ? level(m.stored, lang, t) : t('method.barometer.notStored'),
      indicators: m.indicators.map((i) => ({
        title: i.title,
        href: link(
          `/strategier/${encodeURIComponent(i.strategyId)}/indikatorer/${encodeURIComponent(i.id)}`,
          lang,
        ),
      })),
      unlinked: m.indicators.length === 0 ? t('method.barometer.none') : undefined,
      note: m.note?.[lang],
    })),
  };
}
