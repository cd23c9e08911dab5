// Two parts of an indicator page beside its own figures: the national reference (the Integrationsbarometer's
// figure for the whole country on the measure the definition names) and, for an indicator no API answers, where
// its figures come from, the template to fill in and who loads it.
import {
  fetchedFromAnApi,
  unitName,
  type Indicator,
  type StrategyDefinition,
} from '../domain/strategy/index.ts';
import type { NationalReference } from '../service/national-reference.ts';
import { formatNumber } from './format.ts';
import type { Language, Translate } from './i18n/messages.ts';

export interface PresentedNational {
  readonly intro: string;
  readonly description: string;
  readonly figure: string;
  readonly levelLabel: string;
  readonly level: string;
  readonly change: string | undefined;
  readonly source: string;
}

/** Shares in whole per cent and gaps and changes in percentage points, as the barometer prints them. */
export function presentNational(ref: NationalReference, lang: Language, t: Translate): PresentedNational {
  const points = (n: number) => t('national.points', { n: signed(n, lang) });
  const level =
    ref.figure === 'share'
      ? `${formatNumber(ref.level * 100, lang)}${lang === 'da' ? ' %' : '%'}`
      : t('national.points', { n: formatNumber(ref.level, lang) });
  return {
    intro: t('national.intro', { measure: ref.measure }),
    description: ref.description[lang],
    figure: t(ref.figure === 'share' ? 'national.figure.share' : 'national.figure.gap'),
    levelLabel: t('national.level', { period: ref.period }),
    level,
    change:
      ref.change === undefined
        ? undefined
        : ref.baseline === undefined
          ? t('national.changeSinceBaseline', { change: points(ref.change) })
          : t('national.changeSince', { change: points(ref.change), baseline: ref.baseline }),
    source: t('national.sourceText', { citation: ref.report.citation[lang], batch: ref.batchId }),
  };
}

/** A change with its sign: +13, −6 (a minus sign, not a hyphen), 0. */
function signed(n: number, lang: Language): string {
  const abs = formatNumber(Math.abs(n), lang);
  return n > 0 ? `+${abs}` : n < 0 ? `−${abs}` : abs;
}

export interface UploadPath {
  readonly publisher: string;
  readonly tables: string | undefined;
  readonly note: string | undefined;
  /** The template downloads and the import page; left out for a logged-in user who may not import. */
  readonly links:
    { readonly csvTemplate: string; readonly xlsxTemplate: string; readonly importPage: string } | undefined;
  readonly who: string;
  /** The questionnaire whose published rounds are the indicator's figures (`source.questionnaire`). */
  readonly questionnaire?: string | undefined;
}

/**
 * Where an indicator's figures come from when no API gives them (no StatBank, Jobindsats or education statistics
 * query and no derivation in its definition): undefined for an indicator the refresh fetches. `withLinks` is
 * false for a logged-in user the policy does not let import (a visitor's links lead to the login).
 */
export function uploadPath(
  definition: StrategyDefinition,
  indicator: Indicator,
  lang: Language,
  t: Translate,
  withLinks: boolean,
): UploadPath | undefined {
  if (fetchedFromAnApi(indicator)) return undefined;
  const choice = encodeURIComponent(`${definition.id}/${indicator.id}`);
  const centre = unitName(definition, indicator.owner);
  const tables = indicator.source.tables;
  return {
    publisher: indicator.source.publisher,
    tables: tables && tables.length > 0 ? tables.join(', ') : undefined,
    note: indicator.source.note,
    links: withLinks
      ? {
          csvTemplate: withLanguage(`/admin/indlaes/skabelon?indikator=${choice}&format=csv`, lang),
          xlsxTemplate: withLanguage(`/admin/indlaes/skabelon?indikator=${choice}&format=xlsx`, lang),
          importPage: withLanguage(`/admin/indlaes?indikator=${choice}`, lang),
        }
      : undefined,
    who: t('upload.whoText', { centre }),
    questionnaire: indicator.source.questionnaire,
  };
}

/** A path that already has a query, with `lang=en` added for English (Danish is the default). */
function withLanguage(path: string, lang: Language): string {
  return lang === 'da' ? path : `${path}&lang=${lang}`;
}
