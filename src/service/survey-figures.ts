// What a survey figure stands on, for the indicator view: for each period and group, the organisations that
// answered the question behind the figure and the area's response rate (organisations responding / invited),
// read from the provenance of the batch the figure came from (see `publishSurveyRound`). A figure suppressed for
// too few responding organisations is shown as "<3 besvarelser" ("<3 responses"), never as a number.
import type { Locale } from '../domain/disclosure/index.ts';
import { MIN_RESPONDENTS_FLOOR } from '../domain/survey/index.ts';
import type { BatchRecord, CurrentFigure } from '../store/observation-store.ts';
import type { PeriodRow, PublishedFigure } from './indicator-publish.ts';
import type { SurveyAreaCount, SurveyCell } from './survey-publish.ts';

export interface SurveyResponse {
  /** Organisations that answered the question behind the figure. */
  readonly respondents: number;
  /** The area's organisations invited to the round, and those that submitted an answer. */
  readonly organisations: number;
  readonly responding: number;
  /** responding / organisations; undefined when none was invited. */
  readonly rate: number | undefined;
  /** The fewest responding organisations a figure of the round was published from. */
  readonly minimum: number;
  readonly suppressed: boolean;
  /** The round's name, as its batch records it. */
  readonly round: string;
}

export interface SurveyRowResponses {
  readonly target?: SurveyResponse | undefined;
  readonly comparison?: SurveyResponse | undefined;
}

interface SurveyQuery {
  readonly name?: string;
  readonly minimumRespondents?: number;
  readonly areas?: readonly SurveyAreaCount[];
  readonly cells?: readonly SurveyCell[];
}

function queryOf(batch: BatchRecord): SurveyQuery | undefined {
  if (batch.provenance.source !== 'survey' || !batch.provenance.query) return undefined;
  try {
    const q: unknown = JSON.parse(batch.provenance.query);
    return q !== null && typeof q === 'object' ? (q as SurveyQuery) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Per period, the responses behind the target and comparison figures that come from a survey batch; empty when
 * none does (every other source). Only the figures the view reads (dims { group }) count.
 */
export function surveyResponses(
  indicatorId: string,
  area: string,
  figures: readonly CurrentFigure[],
  batches: ReadonlyMap<string, BatchRecord>,
): ReadonlyMap<string, SurveyRowResponses> {
  const out = new Map<string, { target?: SurveyResponse; comparison?: SurveyResponse }>();
  const parsed = new Map<string, SurveyQuery | undefined>();
  for (const f of figures) {
    const group = f.dims.group;
    if ((group !== 'target' && group !== 'comparison') || Object.keys(f.dims).length !== 1) continue;
    const batch = batches.get(f.batchId);
    if (!batch) continue;
    if (!parsed.has(f.batchId)) parsed.set(f.batchId, queryOf(batch));
    const q = parsed.get(f.batchId);
    if (!q) continue;
    const cell = q.cells?.find(
      (c) =>
        c.indicator === indicatorId &&
        c.area === area &&
        c.dims.group === group &&
        Object.keys(c.dims).length === 1,
    );
    const counts = q.areas?.find((a) => a.area === area);
    if (!cell || !counts) continue;
    const entry = out.get(f.period) ?? {};
    entry[group] = {
      respondents: cell.respondents,
      organisations: counts.organisations,
      responding: counts.responding,
      rate: counts.organisations > 0 ? counts.responding / counts.organisations : undefined,
      minimum: Math.max(MIN_RESPONDENTS_FLOOR, q.minimumRespondents ?? MIN_RESPONDENTS_FLOOR),
      suppressed: cell.suppressed || f.value === null,
      round: q.name ?? '',
    };
    out.set(f.period, entry);
  }
  return out;
}

/** The marker of a figure from too few responding organisations, in the page's language. */
export function tooFewResponses(minimum: number, locale: Locale): string {
  return locale === 'da' ? `<${minimum} besvarelser` : `<${minimum} responses`;
}

/** The table's rows with each survey figure's responses beside it, a suppressed one marked "<3 besvarelser". */
export function withSurveyResponses(
  rows: readonly PeriodRow[],
  responses: ReadonlyMap<string, SurveyRowResponses>,
  locale: Locale,
): PeriodRow[] {
  if (responses.size === 0) return [...rows];
  return rows.map((r) => {
    const s = responses.get(r.period);
    if (!s) return r;
    const mark = (g: PeriodRow['target'], resp: SurveyResponse | undefined): PeriodRow['target'] => {
      if (!resp?.suppressed) return g;
      const f: PublishedFigure = { kind: 'suppressed', display: tooFewResponses(resp.minimum, locale) };
      return { share: f, size: f };
    };
    const target = mark(r.target, s.target);
    const comparison = r.comparison && mark(r.comparison, s.comparison);
    // A gap is published only when both groups' figures are.
    const gap: PublishedFigure =
      r.gap.kind === 'value' && (s.target?.suppressed || s.comparison?.suppressed)
        ? { kind: 'suppressed', display: '..' }
        : r.gap;
    return { ...r, target, comparison, gap, survey: s };
  });
}
