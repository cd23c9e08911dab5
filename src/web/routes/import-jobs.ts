// The page of one StatBank import job (`/admin/indlaes/job/<id>`): progress while it runs, then its outcome —
// rows read, figures stored, the indicators computed from the table with links to them, or every refusal. It
// works without JavaScript (a button updates it); `assets/import-job.js` polls `<id>/status` and updates the
// page's live region. Same access as the upload: those who may import figures.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ImportJob, ImportJobs } from '../../service/import-job.ts';
import { allowPage } from '../auth/access.ts';
import type { AuthDeps } from '../auth/deps.ts';
import { HttpError } from '../http-error.ts';
import { translator, type Language, type Translate } from '../i18n/messages.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';
import { refusalRows } from '../statbank-reasons.ts';

const JOB_ID = /^[0-9a-f]{32}$/;

export function jobHref(id: string, lang: Language): string {
  return link(`/admin/indlaes/job/${id}`, lang);
}

const isDone = (job: ImportJob) => job.finishedAt !== undefined;

function statusText(t: Translate, lang: Language, job: ImportJob): string {
  const n = (v: number) => v.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB');
  const vars = { file: job.fileName, table: job.table, read: n(job.rowsRead), rows: n(job.rows) };
  switch (job.state) {
    case 'queued':
      return t('admin.import.job.queued', vars);
    case 'running':
      return t('admin.import.job.running', vars);
    case 'stored':
      return t('admin.import.job.stored', vars);
    case 'unchanged':
      return t('admin.import.job.unchanged', vars);
    case 'refused':
      return t('admin.import.job.refused', vars);
    case 'failed':
      return t('admin.import.job.failed', vars);
  }
}

function jobView(t: Translate, lang: Language, job: ImportJob) {
  const n = (v: number) => v.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB');
  const outcome = job.outcome;
  return {
    done: isDone(job),
    state: job.state,
    status: statusText(t, lang, job),
    facts: outcome
      ? [
          { label: t('admin.import.job.rows'), value: n(job.rows) },
          { label: t('admin.import.result.received'), value: n(outcome.received) },
          { label: t('admin.import.result.stored'), value: n(outcome.stored) },
          { label: t('admin.import.result.unchanged'), value: n(outcome.unchanged) },
          {
            label: t('admin.import.result.format'),
            value: job.format === 'jsonstat' ? 'JSON-stat' : 'CSV',
          },
          ...(outcome.batchId ? [{ label: t('admin.import.result.batch'), value: outcome.batchId }] : []),
        ]
      : [],
    derived: (job.derived ?? []).map((d) => ({
      title: d.title,
      href: link(
        `/strategier/${encodeURIComponent(d.strategy)}/indikatorer/${encodeURIComponent(d.indicator)}`,
        lang,
      ),
      figures: t('admin.import.job.derivedFigures', { n: n(d.outcome?.stored ?? 0) }),
    })),
    derivedNone: t('admin.import.job.derivedNone', { table: job.table }),
    refusals:
      job.state === 'refused' ? refusalRows(t, lang, job.refusals ?? [], job.refusedTotal ?? 0) : undefined,
  };
}

export function registerImportJobs(app: FastifyInstance, deps: AuthDeps, jobs: ImportJobs): void {
  const find = (req: FastifyRequest<{ Params: { id: string } }>): ImportJob => {
    const id = req.params.id;
    const job = JOB_ID.test(id) ? jobs.get(id) : undefined;
    if (!job) throw new HttpError(404, translator(requestLanguage(req))('admin.import.job.notFound'));
    return job;
  };

  app.get<{ Params: { id: string } }>('/admin/indlaes/job/:id', async (req, reply: FastifyReply) => {
    if (!(await allowPage(req, reply, deps, 'observations.import'))) return reply;
    const job = find(req);
    const lang = requestLanguage(req);
    const t = translator(lang);
    const title = t('admin.import.job.title', { file: job.fileName });
    return reply
      .type('text/html')
      .header('Cache-Control', 'no-store')
      .send(
        renderPage(
          'import-job.njk',
          { lang, path: requestPath(req) },
          {
            title,
            breadcrumbs: [
              { text: t('nav.home'), href: link('/', lang) },
              { text: t('admin.import.title'), href: link('/admin/indlaes', lang) },
              { text: title },
            ],
            job: jobView(t, lang, job),
            refreshHref: jobHref(job.id, lang),
            statusHref: link(`/admin/indlaes/job/${job.id}/status`, lang),
            againHref: `${link('/admin/indlaes', lang)}#statbank`,
          },
        ),
      );
  });

  app.get<{ Params: { id: string } }>('/admin/indlaes/job/:id/status', async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'observations.import'))) return reply;
    const job = find(req);
    const lang = requestLanguage(req);
    return reply.header('Cache-Control', 'no-store').send({
      state: job.state,
      done: isDone(job),
      rows: job.rows,
      rowsRead: job.rowsRead,
      status: statusText(translator(lang), lang, job),
    });
  });
}
