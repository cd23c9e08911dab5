// The indicator pages' presenter handed to the evaluation report: the same status words, change since the
// baseline, projection, protected table cells and SVG charts as the Danish indicator page of the municipality.
import type { PresentedReportIndicator, ReportPresenter } from '../reports/evaluation-html.ts';
import { translator } from './i18n/messages.ts';
import { presentIndicator } from './indicator-presenter.ts';

export function reportPresenter(
  areaName: string,
  strategyPeriod: { readonly from: string; readonly to?: string | undefined },
): ReportPresenter {
  const t = translator('da');
  return (view): PresentedReportIndicator =>
    presentIndicator(view, 'da', t, areaName, {
      strategyPeriod:
        strategyPeriod.to === undefined ? undefined : { from: strategyPeriod.from, to: strategyPeriod.to },
    });
}
