// Producing a round's report: its data read (through the pins once frozen), the model built, the content hash
// checked against the one kept at the freeze (a different hash means the report would not be the one frozen,
// and nothing is produced), then laid out as HTML and, for PDF, printed; each file's SHA-256 is kept with the
// round.
import type { ChromiumSettings } from '../platform/chromium.ts';
import { ConflictError } from '../service/errors.ts';
import {
  evaluationData,
  freezeEvaluation,
  recordContentHash,
  recordProducedFile,
  type EvaluationRoundRow,
} from '../service/evaluations.ts';
import type { WriteContext } from '../service/write-gate.ts';
import { renderReportHtml, type ReportPresenter } from './evaluation-html.ts';
import { buildReportModel, reportContentHash, type ReportModel } from './evaluation-model.ts';
import { printPdf } from './pdf.ts';
import { loadChartRasteriser, type ChartRasteriser, type ChartRasteriserUnavailable } from './chart-png.ts';
import { renderReportDocx } from './docx.ts';

/** Gives the indicator presenter for a report (the web layer's, wired by the caller). */
export type PresenterFor = (model: ReportModel) => ReportPresenter;

export class ReportChangedError extends ConflictError {
  constructor(
    readonly roundId: string,
    readonly stored: string,
    readonly produced: string,
  ) {
    super(
      `the report of evaluation round ${roundId} would not be the one frozen (content SHA-256 ${produced}, frozen ${stored}); nothing was produced`,
    );
  }
}

export interface ProducedReport {
  readonly model: ReportModel;
  readonly contentSha256: string;
  readonly html: string;
}

/** The report as HTML; for a frozen round its content hash is kept the first time and must match after. */
export async function produceReportHtml(
  ctx: WriteContext,
  roundId: string,
  presenterFor: PresenterFor,
): Promise<ProducedReport> {
  const data = await evaluationData(ctx.database, roundId);
  const model = buildReportModel(data, ctx.now());
  const contentSha256 = reportContentHash(model);
  const kept = await recordContentHash(ctx, data.round.id, contentSha256);
  if (!kept.matches && kept.stored) throw new ReportChangedError(data.round.id, kept.stored, contentSha256);
  return { model, contentSha256, html: renderReportHtml(model, presenterFor(model)) };
}

/** Freezes the round and keeps the content hash of its report at once. */
export async function freezeWithReport(
  ctx: WriteContext,
  roundId: string,
): Promise<{ readonly round: EvaluationRoundRow; readonly contentSha256: string }> {
  const round = await freezeEvaluation(ctx, roundId);
  const model = buildReportModel(await evaluationData(ctx.database, round.id), ctx.now());
  const contentSha256 = reportContentHash(model);
  await recordContentHash(ctx, round.id, contentSha256);
  return { round, contentSha256 };
}

export interface ProducedFile extends ProducedReport {
  readonly bytes: Buffer;
  readonly sha256: string;
}

/** The report as a tagged PDF, dated by the freeze (a draft by now), its SHA-256 kept with the round. */
export async function produceReportPdf(
  ctx: WriteContext,
  roundId: string,
  presenterFor: PresenterFor,
  chromium: ChromiumSettings,
): Promise<ProducedFile> {
  const report = await produceReportHtml(ctx, roundId, presenterFor);
  const data = report.model;
  const bytes = await printPdf(report.html, {
    chromium,
    footerText: footerText(data),
    creationDate: data.frozenAt ? new Date(data.frozenAt) : ctx.now(),
  });
  const sha256 = await recordProducedFile(ctx, data.roundId, 'pdf', bytes);
  return { ...report, bytes, sha256 };
}

/** The footer's words before the page number, the same in the PDF and the Word document. */
function footerText(m: ReportModel): string {
  return `${m.roundName}${m.draft ? ' · UDKAST' : ''}${m.illustrative ? ' · indeholder illustrative tal' : ''}`;
}

/**
 * The report as a Word document from the same model and presenter as the HTML, dated by the freeze (a draft by
 * now), its SHA-256 kept with the round. Charts are drawn as PNG by `charts` (by default resvg, loaded here);
 * when they cannot be, the document holds their text alternatives and says why.
 */
export async function produceReportDocx(
  ctx: WriteContext,
  roundId: string,
  presenterFor: PresenterFor,
  charts?: ChartRasteriser | ChartRasteriserUnavailable,
): Promise<ProducedFile & { readonly chartsMissing: string | undefined }> {
  const report = await produceReportHtml(ctx, roundId, presenterFor);
  const m = report.model;
  const rasteriser = charts ?? (await loadChartRasteriser());
  const bytes = await renderReportDocx(m, presenterFor(m), {
    charts: rasteriser,
    footerText: footerText(m),
    date: m.frozenAt ? new Date(m.frozenAt) : ctx.now(),
  });
  const sha256 = await recordProducedFile(ctx, m.roundId, 'docx', bytes);
  return {
    ...report,
    bytes,
    sha256,
    chartsMissing: typeof rasteriser === 'function' ? undefined : rasteriser.unavailable,
  };
}
