// The audit log for administrators: filters (person, action, outcome, a range of Copenhagen dates), 50 a
// page, and the same selection as CSV for Excel.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { exportAudit, readAuditPage, type AuditFilter } from '../../service/audit.ts';
import { allowPage, hrefWith } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { auditCsv } from '../audit-csv.ts';
import { actionWord, actorText, changeLines, originText, subjectWord } from '../audit-words.ts';
import { copenhagenDate, nextDay, parseDay, startOfDay } from '../copenhagen-time.ts';
import { translator, type Language } from '../i18n/messages.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

const outcomes = ['ok', 'refused', 'failed'] as const;
const collator = new Intl.Collator('da');

interface ParsedQuery {
  readonly filter: AuditFilter;
  /** As typed, to fill the form again and to keep in the page links. */
  readonly values: Readonly<Record<'person' | 'handling' | 'udfald' | 'fra' | 'til', string>>;
  readonly invalid: readonly ('fra' | 'til')[];
  readonly page: number;
}

function text(q: Record<string, unknown>, name: string, max: number): string {
  const v = q[name];
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
}

export function parseAuditQuery(query: unknown): ParsedQuery {
  const q = (query ?? {}) as Record<string, unknown>;
  const values = {
    person: text(q, 'person', 254),
    handling: text(q, 'handling', 100),
    udfald: text(q, 'udfald', 20),
    fra: text(q, 'fra', 20),
    til: text(q, 'til', 20),
  };
  const invalid: ('fra' | 'til')[] = [];
  const from = values.fra ? parseDay(values.fra) : undefined;
  if (values.fra && !from) invalid.push('fra');
  const to = values.til ? parseDay(values.til) : undefined;
  if (values.til && !to) invalid.push('til');
  const outcome = (outcomes as readonly string[]).includes(values.udfald)
    ? (values.udfald as AuditFilter['outcome'])
    : undefined;
  const side = text(q, 'side', 9);
  return {
    filter: {
      person: values.person || undefined,
      action: values.handling || undefined,
      outcome,
      from: from && startOfDay(from),
      // "to and including" the day: up to the start of the next one.
      to: to && startOfDay(nextDay(to)),
    },
    values,
    invalid,
    page: /^[1-9]\d*$/.test(side) ? Number(side) : 1,
  };
}

function filterParams(values: ParsedQuery['values']): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
}

export function registerAdminLog(app: FastifyInstance, deps: AuthDeps): void {
  app.get('/admin/log', async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'audit.read'))) return reply;
    const lang = requestLanguage(req);
    const t = translator(lang);
    const parsed = parseAuditQuery(req.query);
    const result = await readAuditPage(writeContext(req, deps), parsed.filter, parsed.page);
    const params = filterParams(parsed.values);
    const pageHref = (n: number) =>
      hrefWith('/admin/log', lang, { ...params, ...(n > 1 && { side: String(n) }) });
    const errors = parsed.invalid.map((f) => ({ id: f, message: t('admin.log.dateInvalid') }));
    return reply.type('text/html').send(
      renderPage(
        'admin-log.njk',
        { lang, path: requestPath(req) },
        {
          title: t('admin.log.title'),
          breadcrumbs: [{ text: t('nav.home'), href: link('/', lang) }, { text: t('admin.log.title') }],
          rows: result.rows.map((r) => ({
            ...r,
            actionText: actionWord(r.action, t),
            actorText: actorText(r, t),
            originText: originText(r.origin, t),
            subjectText: r.subjectType ? subjectWord(r.subjectType, t) : undefined,
            changes: changeLines(r.before, r.after, t, lang),
          })),
          total: result.total,
          page: result.page,
          pages: result.pages,
          prevHref: result.page > 1 ? pageHref(result.page - 1) : undefined,
          nextHref: result.page < result.pages ? pageHref(result.page + 1) : undefined,
          actions: result.actions
            .map((code) => ({ code, text: actionWord(code, t) }))
            .sort((a, b) => collator.compare(a.text, b.text)),
          outcomes,
          values: parsed.values,
          errors,
          fieldErrors: Object.fromEntries(errors.map((e) => [e.id, e.message])),
          action: link('/admin/log', lang),
          csvHref: hrefWith('/admin/log.csv', lang, params),
        },
      ),
    );
  });

  app.get('/admin/log.csv', async (req: FastifyRequest, reply) => {
    if (!(await allowPage(req, reply, deps, 'audit.read'))) return reply;
    const lang: Language = requestLanguage(req);
    const parsed = parseAuditQuery(req.query);
    const rows = exportAudit(writeContext(req, deps), parsed.filter);
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="haendelseslog-${copenhagenDate(deps.now())}.csv"`)
      .header('Cache-Control', 'no-store')
      .send(Readable.from(auditCsv(rows, translator(lang), lang)));
  });
}
