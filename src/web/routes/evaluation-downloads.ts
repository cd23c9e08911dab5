// A round's report as a file: `/evalueringer/<id>/rapport.<format>`, one producer per format (PDF, Word
// document and HTML). Everyone logged in may download any round; the public only a decided
// round's PDF, and any other round or format is not found for them. Each produced file's SHA-256 is kept with
// the round (`evaluation_file`), as the command line does. A frozen round's report does not change, so its
// file is made once and kept in memory; Chromium missing, failing or hanging gives a Danish page, not a 500.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemActor } from '../../domain/access/index.ts';
import { chromiumSettings, ChromiumSettingError, type ChromiumSettings } from '../../platform/chromium.ts';
import {
  produceReportDocx,
  produceReportHtml,
  produceReportPdf,
  ReportChangedError,
  type PresenterFor,
} from '../../reports/evaluation-report.ts';
import { PdfRendererError } from '../../reports/pdf.ts';
import { getEvaluation, recordProducedFile, type EvaluationRoundRow } from '../../service/evaluations.ts';
import type { WriteContext } from '../../service/write-gate.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { HttpError } from '../http-error.ts';
import { translator } from '../i18n/messages.ts';
import { renderPage } from '../render.ts';
import { reportPresenter } from '../report-presenter.ts';
import { requestLanguage, requestPath } from '../request-language.ts';
import { evaluationBase, found } from './evaluations.ts';

const presenterFor: PresenterFor = (model) => reportPresenter(model.municipality, model.strategyPeriod);

interface Produced {
  readonly bytes: Buffer;
  readonly sha256: string;
}

interface Producer {
  readonly contentType: string;
  /** Whether the public may have it once the round is decided. */
  readonly public: boolean;
  readonly produce: (
    ctx: WriteContext,
    roundId: string,
    chromium: () => ChromiumSettings,
  ) => Promise<Produced>;
}

/** The formats a report is produced in. */
export const producers: Readonly<Record<string, Producer>> = {
  pdf: {
    contentType: 'application/pdf',
    public: true,
    produce: async (ctx, roundId, chromium) => {
      const pdf = await produceReportPdf(ctx, roundId, presenterFor, chromium());
      return { bytes: pdf.bytes, sha256: pdf.sha256 };
    },
  },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    public: false,
    produce: async (ctx, roundId) => {
      // Without a chart renderer the document still comes, with the charts' text alternatives and why.
      const docx = await produceReportDocx(ctx, roundId, presenterFor);
      return { bytes: docx.bytes, sha256: docx.sha256 };
    },
  },
  html: {
    contentType: 'text/html; charset=utf-8',
    public: false,
    produce: async (ctx, roundId) => {
      const report = await produceReportHtml(ctx, roundId, presenterFor);
      const bytes = Buffer.from(report.html);
      return { bytes, sha256: await recordProducedFile(ctx, report.model.roundId, 'html', bytes) };
    },
  },
};

export interface DownloadOptions {
  /** Where Chromium is and how long a print may take; read per request (default: CHROMIUM_PATH, PDF_TIMEOUT_MS). */
  readonly chromium?: (() => ChromiumSettings) | undefined;
}

/** Files of frozen rounds, made once: at most this many kept. */
const KEPT_FILES = 16;

export function registerEvaluationDownloads(
  app: FastifyInstance,
  deps: AuthDeps,
  options: DownloadOptions = {},
) {
  const chromium = options.chromium ?? (() => chromiumSettings(process.env));
  const kept = new Map<string, Promise<Produced>>();

  const fileOf = (round: EvaluationRoundRow, format: string, producer: Producer, ctx: WriteContext) => {
    if (round.state === 'draft') return producer.produce(ctx, round.id, chromium);
    const key = `${round.id}/${format}`;
    let file = kept.get(key);
    if (!file) {
      file = producer.produce(ctx, round.id, chromium);
      kept.set(key, file);
      // A failure is not kept: the next request tries again.
      file.catch(() => kept.delete(key));
      if (kept.size > KEPT_FILES) kept.delete(kept.keys().next().value as string);
    }
    return file;
  };

  const failure = (req: FastifyRequest, reply: FastifyReply, code: number, message: string) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    return reply
      .code(code)
      .type('text/html')
      .send(
        renderPage(
          'error.njk',
          { lang, path: requestPath(req) },
          {
            title: t('evaluation.download.failedTitle'),
            heading: t('evaluation.download.failedTitle'),
            message,
          },
        ),
      );
  };

  app.get<{ Params: { roundId: string; format: string } }>(
    `${evaluationBase}/:roundId/rapport.:format`,
    async (req, reply) => {
      const t = translator(requestLanguage(req));
      const producer = Object.hasOwn(producers, req.params.format) ? producers[req.params.format] : undefined;
      if (!producer) throw new HttpError(404, `no report format "${req.params.format.slice(0, 20)}"`);
      const viewer = req.auth.viewer;
      const { round } = await found(getEvaluation(deps.database, req.params.roundId));
      // The public sees a report only once the committee has decided on it, and only where the format is public.
      if (!viewer && !(round.state === 'decided' && producer.public))
        throw new HttpError(404, 'no such report for the public');
      // A public download is produced by the system on the visitor's behalf: the visitor may not write.
      const ctx = viewer ? writeContext(req, deps) : { ...writeContext(req, deps), actor: systemActor };
      let file: Produced;
      try {
        file = await fileOf(round, req.params.format, producer, ctx);
      } catch (e) {
        if (e instanceof PdfRendererError || e instanceof ChromiumSettingError) {
          req.log.warn({ err: e, round: round.id }, 'report PDF failed');
          return failure(req, reply, 503, t('evaluation.download.pdfFailed'));
        }
        if (e instanceof ReportChangedError)
          return failure(req, reply, 409, t('evaluation.download.changed'));
        throw e;
      }
      const name = `evaluering-${round.id}${round.state === 'draft' ? '-udkast' : ''}.${req.params.format}`;
      return reply
        .type(producer.contentType)
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('x-content-sha256', file.sha256)
        .header('cache-control', viewer ? 'private, no-store' : 'public, max-age=300')
        .send(file.bytes);
    },
  );
}
