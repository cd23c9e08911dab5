// Producing a round's report: its data read (through the pins once frozen) and the model built — today's
// computation — then, for a frozen round, the content kept with it at the freeze laid out instead, so the report
// is the one frozen whatever today's code computes (the two hashes are compared and shown to administrators);
// laid out as HTML and, for PDF, printed; each file's SHA-256 is kept with the round. A round frozen before
// contents were kept is produced once today's computation gives its frozen hash (then kept), else refused until
// an administrator keeps today's content (`keepTodaysReport`).
import type { ChromiumSettings } from '../platform/chromium.ts';
import { ConflictError } from '../service/errors.ts';
import {
  evaluationData,
  freezeEvaluation,
  keepReportContent,
  recordProducedFile,
  replaceReportContent,
  type EvaluationRoundRow,
} from '../service/evaluations.ts';
import type { WriteContext } from '../service/write-gate.ts';
import { renderReportHtml, type ReportPresenter } from './evaluation-html.ts';
import { buildReportModel, type ReportModel } from './evaluation-model.ts';
import { readReportContent, reportContentOf, type ReportContent } from './report-content.ts';
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
  /** The model the report was laid out from: a frozen round's kept content, else today's computation. */
  readonly model: ReportModel;
  /** The SHA-256 of that model's content. */
  readonly contentSha256: string;
  /** Today's computation from the round's pins, where it differs from the kept content (else undefined). */
  readonly recomputedSha256: string | undefined;
  readonly html: string;
}

/** Today's computation of a round's report content: its data read (through the pins once frozen), the model built. */
export async function computeReportContent(ctx: WriteContext, roundId: string): Promise<ReportContent> {
  return reportContentOf(buildReportModel(await evaluationData(ctx.database, roundId), ctx.now()));
}

/**
 * The model a round's report is produced from, with today's computation beside it. A frozen round's is its
 * kept content (kept now if it has none yet and today's computation is the frozen one); a round frozen before
 * contents were kept whose frozen hash today's computation does not give is refused (`ReportChangedError`).
 */
export async function reportModelOf(
  ctx: WriteContext,
  roundId: string,
): Promise<{ readonly model: ReportModel; readonly contentSha256: string; readonly today: ReportContent }> {
  const today = await computeReportContent(ctx, roundId);
  const kept = await keepReportContent(ctx, roundId, today);
  if (kept.status === 'differs') throw new ReportChangedError(roundId, kept.frozenSha256, today.sha256);
  // Laid out from the canonical text in every case, so a draft, a first production and a later one read alike.
  const content = kept.status === 'kept' ? kept.content : today;
  return { model: readReportContent(content), contentSha256: content.sha256, today };
}

/** The report as HTML; a frozen round's from the content kept with it, today's computation compared. */
export async function produceReportHtml(
  ctx: WriteContext,
  roundId: string,
  presenterFor: PresenterFor,
): Promise<ProducedReport> {
  const { model, contentSha256, today } = await reportModelOf(ctx, roundId);
  return {
    model,
    contentSha256,
    recomputedSha256: today.sha256 === contentSha256 ? undefined : today.sha256,
    html: renderReportHtml(model, presenterFor(model)),
  };
}

/** Freezes the round and keeps its report's content at once. */
export async function freezeWithReport(
  ctx: WriteContext,
  roundId: string,
): Promise<{ readonly round: EvaluationRoundRow; readonly contentSha256: string }> {
  const round = await freezeEvaluation(ctx, roundId);
  const { contentSha256 } = await reportModelOf(ctx, round.id);
  return { round, contentSha256 };
}

/**
 * For a round frozen before contents were kept whose report today's computation no longer gives: keeps
 * today's content (the frozen hash kept beside it, audited), so the report can be produced again.
 */
export async function keepTodaysReport(ctx: WriteContext, roundId: string): Promise<EvaluationRoundRow> {
  return replaceReportContent(ctx, roundId, await computeReportContent(ctx, roundId));
}

/**
 * Whether today's computation of a frozen round's report differs from its kept content, for the round page:
 * both hashes, or undefined when they agree or the round is a draft. Stores nothing.
 */
export async function reportComparison(
  ctx: WriteContext,
  round: EvaluationRoundRow,
): Promise<
  | {
      readonly keptSha256: string;
      readonly todaySha256: string;
      /** True where no content is kept (a round frozen before contents were kept): the report is refused. */
      readonly refused: boolean;
    }
  | undefined
> {
  if (round.state === 'draft' || round.contentSha256 === null) return undefined;
  const today = await computeReportContent(ctx, round.id);
  if (today.sha256 === round.contentSha256) return undefined;
  return {
    keptSha256: round.contentSha256,
    todaySha256: today.sha256,
    refused: round.contentFormat === null,
  };
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
