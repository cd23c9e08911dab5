// Server-side rendering: one Nunjucks environment with autoescaping, and the context every page gets
// (language, translations, formatters, links that keep the chosen language).
import { definitionHelpers } from './definition-helpers.ts';
import nunjucks from 'nunjucks';
import { paths } from '../platform/paths.ts';
import { currentViewer } from './auth/context.ts';
import { formatDate, formatDateTime, formatMonth, formatNumber, formatPeriod } from './format.ts';
import { translator, type Language } from './i18n/messages.ts';

export const views = new nunjucks.Environment(
  new nunjucks.FileSystemLoader(paths.views, { noCache: false }),
  {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  },
);

export interface Crumb {
  readonly text: string;
  readonly href?: string;
}

export interface PageRequest {
  readonly lang: Language;
  /** The path the page was requested at, without query. */
  readonly path: string;
  /** The strategy version the reader chose, if any; kept in every link. */
  readonly version?: number | undefined;
}

/** Adds `lang=en` (Danish is the default and needs no parameter) and the chosen version to a path. */
export function link(path: string, lang: Language, version?: number): string {
  const params = new URLSearchParams();
  if (version !== undefined) params.set('version', String(version));
  if (lang !== 'da') params.set('lang', lang);
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

export function renderPage(
  template: string,
  req: PageRequest,
  data: { title: string; breadcrumbs?: readonly Crumb[]; organisationName?: string; [key: string]: unknown },
): string {
  const { lang } = req;
  const otherLang: Language = lang === 'da' ? 'en' : 'da';
  return views.render(template, {
    ...data,
    lang,
    otherLang,
    t: translator(lang),
    href: (path: string) => link(path, lang, req.version),
    hrefLatest: (path: string) => link(path, lang),
    hrefVersion: (path: string, version: number) => link(path, lang, version),
    langSwitchHref: link(req.path, otherLang, req.version),
    num: (n: number, digits?: number) => formatNumber(n, lang, digits),
    month: (m: string) => formatMonth(m, lang),
    period: (p: string) => formatPeriod(p, lang),
    period_: (p: string) => formatPeriod(p, lang),
    areaLabel: (data.areaLabel as ((code: string) => string) | undefined) ?? ((code: string) => code),
    ...definitionHelpers(
      lang,
      (data.areaLabel as ((code: string) => string) | undefined) ?? ((code: string) => code),
    ),
    datetime: (d: Date) => formatDateTime(d, lang),
    day: (d: string) => formatDate(d, lang),
    /** The logged-in user, for the header (and pages that show more to staff). */
    viewer: currentViewer(),
  });
}
