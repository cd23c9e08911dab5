// The administrators' page "Indlæs tal": a filled indicator template (CSV or XLSX) or a saved StatBank response
// (JSON-stat or CSV) uploaded and stored all or nothing, with a table of every refused line. Uploads stream to a
// temporary file (never into memory) with the configured size limit, and the file is deleted with the answer.
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, InvalidInputError } from '../../service/errors.ts';
import {
  importIndicatorFile,
  IndicatorFileRefusedError,
  indicatorTemplate,
  readIndicatorFileFromDisk,
  type TemplateFormat,
} from '../../service/indicator-file.ts';
import { ImportRefusedError, type ImportOutcome } from '../../service/observations.ts';
import { ImportJobs } from '../../service/import-job.ts';
import { inspectStatbankFile } from '../../service/statbank-inspect.ts';
import { fileRefused, StatbankFileRefusedError } from '../../service/statbank-refusal.ts';
import { DEFAULT_STATBANK_LIMITS, type StatbankLimits } from '../../service/statbank-limits.ts';
import { excerpt, MAX_LISTED_REFUSALS, refusalRows } from '../statbank-reasons.ts';
import { jobHref, registerImportJobs } from './import-jobs.ts';
import { getStrategy, listStrategies } from '../../service/strategies.ts';
import { allowAction, allowPage, field, formToken } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { mayReceiveFile } from '../auth/multipart-guard.ts';
import { reloginFromForm, type Relogin } from '../auth/relogin.ts';
import { isCleanFileName, noteUploadedName } from '../control-characters.ts';
import { HttpError } from '../http-error.ts';
import { translator, type Language, type MessageKey, type Translate } from '../i18n/messages.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

export interface AdminImportOptions {
  /** The largest upload accepted, in bytes; a larger one is refused with the limit named. */
  readonly maxBytes: number;
  /** What one StatBank file may ask for (default DEFAULT_STATBANK_LIMITS). */
  readonly statbankLimits?: StatbankLimits | undefined;
  /** Where StatBank imports run after the upload has been checked (default: a registry of this app's own). */
  readonly importJobs?: ImportJobs | undefined;
}

type Form = 'indicator' | 'statbank';

/** What arrived in the upload's file field: on disk, or refused before it was kept. */
interface Upload {
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly tooLarge: boolean;
}

interface UploadState {
  dir?: string;
  upload?: Upload;
  /** The multipart body could not be read to its end (cut off, too many parts or files). */
  broken?: boolean;
}

interface Problem {
  readonly id: string;
  readonly key: MessageKey;
  readonly vars?: Record<string, string>;
}

const isProblem = (u: Upload | Problem): u is Problem => 'key' in u;

interface ErrorItem {
  readonly id: string;
  readonly message: string;
}

interface ResultView {
  readonly form: Form;
  readonly outcome: 'stored' | 'unchanged' | 'refused';
  readonly message: string;
  readonly facts?: readonly { readonly label: string; readonly value: string }[];
  readonly rejected?: readonly { readonly line: string; readonly reason: string }[];
  readonly rejectedTotal?: number;
  readonly lineHeading?: string;
  /** Where to see what was stored: the indicator's page and its focus area's. */
  readonly links?: readonly { readonly text: string; readonly href: string }[];
  /** "og 1.234 flere" when not every refusal is listed. */
  readonly more?: string | undefined;
}

interface PageOptions {
  readonly form?: Form;
  readonly indicator?: string;
  readonly table?: string;
  readonly unit?: string;
  readonly errors?: readonly ErrorItem[];
  readonly fieldErrors?: Readonly<Record<string, string>>;
  readonly relogin?: Relogin;
  readonly result?: ResultView;
}

const uploads = new WeakMap<FastifyRequest, UploadState>();
const FILE_FIELD = 'fil';
/** A form holds a handful of short fields; anything more is not this page's form. */
const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 64 * 1024;

const templateFormats: readonly TemplateFormat[] = ['csv', 'xlsx'];

/** Formats people upload by mistake, known by their first bytes. */
const signatures: readonly { readonly kind: MessageKey; readonly bytes: readonly number[] }[] = [
  { kind: 'admin.import.kind.png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: 'admin.import.kind.jpeg', bytes: [0xff, 0xd8, 0xff] },
  { kind: 'admin.import.kind.gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { kind: 'admin.import.kind.pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { kind: 'admin.import.kind.zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
];

const megabytes = (bytes: number) =>
  (bytes / 1024 / 1024).toLocaleString('da-DK', { maximumFractionDigits: 1 });

/**
 * The uploaded name as a file name of our own: no folders, no control or reserved characters, not too long.
 * It names the file in messages and in the batch's provenance.
 */
export function safeFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}:*?"<>|]/gu, '_')
    .trim()
    .slice(-150);
  return cleaned === '' || /^\.+$/.test(cleaned) ? 'fil' : cleaned;
}

async function firstBytes(file: string, n: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function kindOf(head: Uint8Array): MessageKey | undefined {
  return signatures.find((s) => s.bytes.every((b, i) => head[i] === b))?.kind;
}

function startsLikeJson(head: Uint8Array): boolean {
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '');
  return text.trimStart().startsWith('{');
}

async function drain(part: Multipart & { type: 'file' }): Promise<void> {
  for await (const chunk of part.file) void chunk;
}

/**
 * Reads the multipart body before the form check: text fields become `req.body` (so the form token is read
 * as from any form), and the file is written to a temporary folder, at most `maxBytes` of it — but only once
 * `mayReceiveFile` has said that the session (or a log-in-again), the form token and the right all hold.
 * Otherwise not a byte of the file is read: the reader stops there and the connection is closed after the
 * answer, which the route gives as for any refused form.
 */
function uploadReader(maxBytes: number, deps: AuthDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.isMultipart()) return;
    const state: UploadState = {};
    uploads.set(req, state);
    const fields: Record<string, string> = {};
    let allowed: boolean | undefined;
    const options = {
      limits: { fileSize: maxBytes, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: 30 },
      throwFileSizeLimit: false,
    };
    try {
      for await (const part of req.parts(options)) {
        if (part.type === 'field') {
          if (typeof part.value === 'string' && !Object.hasOwn(fields, part.fieldname))
            fields[part.fieldname] = part.value;
          continue;
        }
        noteUploadedName(req, part.filename);
        allowed ??= await mayReceiveFile(req, reply, deps, fields, 'observations.import');
        if (!allowed || !isCleanFileName(part.filename)) {
          part.file.destroy();
          reply.header('Connection', 'close');
          break;
        }
        if (part.fieldname !== FILE_FIELD || state.upload) {
          await drain(part);
          continue;
        }
        state.upload = await keep(part, state, maxBytes);
      }
    } catch (e) {
      req.log.warn({ err: e }, 'upload could not be read');
      state.broken = true;
    }
    req.body = fields;
  };
}

async function keep(part: Multipart & { type: 'file' }, state: UploadState, maxBytes: number) {
  state.dir ??= await mkdtemp(path.join(tmpdir(), 'pejlemaerke-upload-'));
  const name = safeFileName(part.filename);
  const target = path.join(state.dir, name);
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(part.file, count, createWriteStream(target));
  const tooLarge = part.file.truncated || size > maxBytes;
  if (tooLarge) await rm(target, { force: true });
  // A browser sends an empty, nameless part for a file field left empty.
  if (!part.filename && size === 0) return undefined;
  return { name, path: target, size, tooLarge };
}

async function removeUpload(req: FastifyRequest): Promise<void> {
  const dir = uploads.get(req)?.dir;
  uploads.delete(req);
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** Every indicator of every strategy, as the select lists them: grouped by focus area. */
async function indicatorChoices(deps: AuthDeps) {
  const groups: { label: string; options: { value: string; text: string }[] }[] = [];
  const strategies = await listStrategies(deps.database);
  for (const row of strategies) {
    const s = await getStrategy(deps.database, row.strategyId);
    if (!s) continue;
    for (const area of s.definition.areas) {
      if (area.indicators.length === 0) continue;
      groups.push({
        label: strategies.length > 1 ? `${s.definition.title}: ${area.title}` : area.title,
        options: area.indicators.map((i) => ({ value: `${s.strategyId}/${i.id}`, text: i.title })),
      });
    }
  }
  return groups;
}

/** `strategy/indicator` as the select sends it; undefined when no strategy has it. */
async function findChoice(deps: AuthDeps, value: string) {
  const slash = value.indexOf('/');
  if (slash <= 0) return undefined;
  const s = await getStrategy(deps.database, value.slice(0, slash));
  const indicatorId = value.slice(slash + 1);
  const indicator = s?.definition.areas.flatMap((a) => a.indicators).find((i) => i.id === indicatorId);
  return s && indicator ? { strategy: s, indicator } : undefined;
}

function facts(t: Translate, outcome: ImportOutcome, extra: readonly { label: string; value: string }[]) {
  return [
    { label: t('admin.import.result.received'), value: String(outcome.received) },
    { label: t('admin.import.result.stored'), value: String(outcome.stored) },
    { label: t('admin.import.result.unchanged'), value: String(outcome.unchanged) },
    ...extra,
    ...(outcome.batchId ? [{ label: t('admin.import.result.batch'), value: outcome.batchId }] : []),
  ];
}

/** Links to the page of the indicator a file was stored for, and to its focus area's page. */
function indicatorLinks(
  t: Translate,
  lang: Language,
  choice: NonNullable<Awaited<ReturnType<typeof findChoice>>>,
): readonly { text: string; href: string }[] {
  const { strategy, indicator } = choice;
  const area = strategy.definition.areas.find((a) => a.indicators.some((i) => i.id === indicator.id));
  const base = `/strategier/${encodeURIComponent(strategy.strategyId)}`;
  return [
    {
      text: t('admin.import.done.indicatorLink', { indicator: indicator.title }),
      href: link(`${base}/indikatorer/${encodeURIComponent(indicator.id)}`, lang),
    },
    ...(area
      ? [
          {
            text: t('admin.import.done.areaLink', { area: area.title }),
            href: link(`${base}/omraader/${encodeURIComponent(area.id)}`, lang),
          },
        ]
      : []),
  ];
}

function refusedView(
  t: Translate,
  form: Form,
  fileName: string,
  e: InvalidInputError,
  lineWord: 'linje' | 'række',
): ResultView {
  const rejected = e instanceof ImportRefusedError ? e.rejected : [];
  // Every reason goes into the table: the refused lines, else the refusal's details, else its message.
  const rows =
    rejected.length > 0
      ? rejected.map((r) => ({ line: r.line > 0 ? String(r.line) : '–', reason: r.reason }))
      : (e.details.length > 0 ? e.details : [e.message]).map((reason) => ({ line: '–', reason }));
  // A page quotes at most the first 50 reasons, each at most 120 characters, whatever the file held.
  const rest = rows.length - MAX_LISTED_REFUSALS;
  return {
    form,
    outcome: 'refused',
    // With several refused lines the refusal's own message gives the count ("3 af 120 linjer blev afvist").
    message: t('admin.import.refused', {
      file: fileName,
      reason: rejected.length > 1 ? excerpt(e.message) : '',
    }).trim(),
    rejected: rows.slice(0, MAX_LISTED_REFUSALS).map((r) => ({ line: r.line, reason: excerpt(r.reason) })),
    more: rest > 0 ? t('admin.import.job.more', { n: rest.toLocaleString('da-DK') }) : undefined,
    rejectedTotal: rows.length,
    lineHeading: t(lineWord === 'række' ? 'admin.import.rejected.row' : 'admin.import.rejected.line'),
  };
}

export function registerAdminImport(app: FastifyInstance, deps: AuthDeps, options: AdminImportOptions): void {
  const maxMb = megabytes(options.maxBytes);
  const statbankLimits = options.statbankLimits ?? DEFAULT_STATBANK_LIMITS;
  const importJobs =
    options.importJobs ??
    new ImportJobs((job, e) => app.log.error({ err: e, job: job.id, table: job.table }, 'import job failed'));
  registerImportJobs(app, deps, importJobs);
  // A closing server lets the imports under way finish (each is one transaction) before the database closes.
  app.addHook('onClose', async () => importJobs.idle());

  const page = async (req: FastifyRequest, reply: FastifyReply, status: number, o: PageOptions = {}) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const q = req.query as Record<string, unknown>;
    const chosen = o.indicator ?? (typeof q.indikator === 'string' ? q.indikator.slice(0, 300) : '');
    const choice = chosen ? await findChoice(deps, chosen) : undefined;
    const templateHref = (format: TemplateFormat) =>
      link(`/admin/indlaes/skabelon?indikator=${encodeURIComponent(chosen)}&format=${format}`, lang);
    const reloginView =
      o.relogin && !req.auth.viewer
        ? {
            legend: t('auth.relogin.legend'),
            emailLabel: t('auth.email'),
            passwordLabel: t('auth.password'),
            errorPrefix: t('auth.errorPrefix'),
            email: field(req.body, 'relogin_email') ?? '',
            emailError: o.relogin.status === 'failed' ? t(o.relogin.error) : undefined,
          }
        : undefined;
    return reply
      .code(status)
      .type('text/html')
      .send(
        renderPage(
          'admin-import.njk',
          { lang, path: requestPath(req) },
          {
            title: t('admin.import.title'),
            breadcrumbs: [{ text: t('nav.home'), href: link('/', lang) }, { text: t('admin.import.title') }],
            groups: await indicatorChoices(deps),
            values: { indicator: chosen, table: o.table ?? '', unit: o.unit ?? '' },
            templates: choice
              ? {
                  title: choice.indicator.title,
                  links: templateFormats.map((f) => ({ format: f, href: templateHref(f) })),
                }
              : undefined,
            errors: o.errors ?? [],
            fieldErrors: o.fieldErrors ?? {},
            relogin: reloginView,
            reloginFor: reloginView ? o.form : undefined,
            result: o.result,
            maxMb,
            action: link('/admin/indlaes', lang),
            statbankAction: link('/admin/indlaes/statbank', lang),
            templateAction: link('/admin/indlaes/skabelon', lang),
            csrfToken: formToken(req, reply),
          },
        ),
      );
  };

  /** Problems with the form's fields, each in the summary and beside its field. */
  const problemsPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    o: PageOptions,
    problems: readonly Problem[],
  ) => {
    const t = translator(requestLanguage(req));
    const errors = problems.map((p) => ({ id: p.id, message: t(p.key, p.vars) }));
    return page(req, reply, 400, {
      ...o,
      errors,
      fieldErrors: Object.fromEntries(errors.map((e) => [e.id, e.message])),
    });
  };

  /**
   * What both upload forms do first: log in again if the form says so, and ask the policy. Answers (and
   * returns false) when the request goes no further.
   */
  const admitted = async (req: FastifyRequest, reply: FastifyReply, o: PageOptions & { form: Form }) => {
    const relogin = await reloginFromForm(req, reply, deps);
    if (!req.auth.viewer) {
      await page(req, reply, relogin.status === 'failed' ? relogin.httpStatus : 401, { ...o, relogin });
      return false;
    }
    return allowAction(req, reply, deps, 'observations.import');
  };

  /** The uploaded file, or why there is none to read: missing, cut off, too large, empty, of a wrong type. */
  const uploaded = async (req: FastifyRequest, form: Form): Promise<Upload | Problem> => {
    const id = form === 'indicator' ? 'fil' : 'statbank-fil';
    const state = uploads.get(req);
    if (state?.broken) return { id, key: 'admin.import.error.broken' };
    const upload = state?.upload;
    if (!upload) return { id, key: 'admin.import.error.noFile' };
    if (upload.tooLarge)
      return { id, key: 'admin.import.error.tooLarge', vars: { file: upload.name, mb: maxMb } };
    if (upload.size === 0) return { id, key: 'admin.import.error.empty', vars: { file: upload.name } };
    const kind = kindOf(await firstBytes(upload.path, 16));
    // A zip archive is what an XLSX file is; only an indicator file may be one.
    if (kind && !(kind === 'admin.import.kind.zip' && form === 'indicator'))
      return {
        id,
        key: form === 'indicator' ? 'admin.import.error.wrongType' : 'admin.import.error.wrongTypeStatbank',
        vars: { file: upload.name, kind: translator(requestLanguage(req))(kind) },
      };
    return upload;
  };

  const routeOptions = {
    preValidation: uploadReader(options.maxBytes, deps),
    onResponse: async (req: FastifyRequest) => removeUpload(req),
    onRequestAbort: async (req: FastifyRequest) => removeUpload(req),
  };

  app.get('/admin/indlaes', async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'observations.import'))) return reply;
    return page(req, reply, 200);
  });

  app.get('/admin/indlaes/skabelon', async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'observations.import'))) return reply;
    const q = req.query as Record<string, unknown>;
    const value = typeof q.indikator === 'string' ? q.indikator.slice(0, 300) : '';
    const format = templateFormats.find((f) => f === q.format) ?? 'csv';
    const choice = value ? await findChoice(deps, value) : undefined;
    // No indicator chosen (or one that is gone): the page again, with the reason beside the list.
    if (!choice)
      return problemsPage(req, reply, { indicator: value }, [
        value
          ? {
              id: 'skabelon-indikator',
              key: 'admin.import.error.indicatorUnknown',
              vars: { id: value.slice(0, 100) },
            }
          : { id: 'skabelon-indikator', key: 'admin.import.error.templateIndicatorMissing' },
      ]);
    const template = await indicatorTemplate(choice.strategy.definition, choice.indicator.id, format);
    return reply
      .type(template.contentType)
      .header('Content-Disposition', `attachment; filename="${template.fileName}"`)
      .send(Buffer.from(template.bytes));
  });

  app.post('/admin/indlaes', routeOptions, async (req, reply) => {
    const indicatorValue = (field(req.body, 'indikator') ?? '').slice(0, 300);
    const o = { form: 'indicator' as const, indicator: indicatorValue };
    if (!(await admitted(req, reply, o))) return reply;
    const choice = indicatorValue ? await findChoice(deps, indicatorValue) : undefined;
    const upload = await uploaded(req, 'indicator');
    const problems: Problem[] = [];
    if (!indicatorValue) problems.push({ id: 'indikator', key: 'admin.import.error.indicatorMissing' });
    else if (!choice)
      problems.push({
        id: 'indikator',
        key: 'admin.import.error.indicatorUnknown',
        vars: { id: indicatorValue.slice(0, 100) },
      });
    if (isProblem(upload)) problems.push(upload);
    if (!choice || isProblem(upload)) return problemsPage(req, reply, o, problems);
    const t = translator(requestLanguage(req));
    try {
      const file = await readIndicatorFileFromDisk(upload.path);
      const outcome = await importIndicatorFile(
        writeContext(req, deps),
        choice.strategy.definition,
        choice.indicator.id,
        file,
      );
      const how =
        outcome.format === 'csv'
          ? `CSV (${outcome.encoding ?? ''}, ${t('admin.import.result.delimiter')} "${outcome.delimiter ?? ''}")`
          : `XLSX (${t('admin.import.result.sheet')} "${outcome.sheet ?? ''}")`;
      return page(req, reply, 200, {
        ...o,
        result: {
          form: 'indicator',
          outcome: outcome.status,
          message: t(
            outcome.status === 'stored' ? 'admin.import.done.stored' : 'admin.import.done.unchanged',
            {
              file: upload.name,
              indicator: choice.indicator.title,
            },
          ),
          facts: facts(t, outcome, [{ label: t('admin.import.result.format'), value: how }]),
          links: indicatorLinks(t, requestLanguage(req), choice),
        },
      });
    } catch (e) {
      if (e instanceof ForbiddenError) throw new HttpError(403, t('auth.forbidden.body'));
      if (!(e instanceof InvalidInputError)) throw e;
      const lineWord = e instanceof IndicatorFileRefusedError ? e.lineWord : 'linje';
      return page(req, reply, 400, {
        ...o,
        errors: [{ id: 'afviste', message: t('admin.import.refused.short', { file: upload.name }) }],
        result: refusedView(t, 'indicator', upload.name, e, lineWord),
      });
    }
  });

  app.post('/admin/indlaes/statbank', routeOptions, async (req, reply) => {
    const table = (field(req.body, 'tabel') ?? '').trim().slice(0, 100);
    const unit = (field(req.body, 'enhed') ?? '').trim().slice(0, 100);
    const o = { form: 'statbank' as const, table, unit };
    if (!(await admitted(req, reply, o))) return reply;
    const upload = await uploaded(req, 'statbank');
    const problems: Problem[] = [];
    if (table !== '' && !/^[A-Za-z0-9]{2,20}$/.test(table))
      problems.push({ id: 'tabel', key: 'admin.import.error.table' });
    if (unit.length > 40) problems.push({ id: 'enhed', key: 'admin.import.error.unit' });
    if (isProblem(upload)) problems.push(upload);
    if (problems.length > 0 || isProblem(upload)) return problemsPage(req, reply, o, problems);
    const json = startsLikeJson(await firstBytes(upload.path, 64));
    if (!json && table === '')
      return problemsPage(req, reply, o, [
        { id: 'tabel', key: 'admin.import.error.tableForCsv', vars: { file: upload.name } },
      ]);
    const lang = requestLanguage(req);
    const t = translator(lang);
    const refusedPage = (e: StatbankFileRefusedError) => {
      const listed = refusalRows(t, lang, e.reasons, e.total);
      return page(req, reply, 400, {
        ...o,
        errors: [{ id: 'afviste', message: t('admin.import.refused.short', { file: upload.name }) }],
        result: {
          form: 'statbank',
          outcome: 'refused',
          message: t('admin.import.refusedLimit', { file: upload.name }),
          rejected: listed.rows,
          rejectedTotal: listed.total,
          lineHeading: t('admin.import.rejected.line'),
          more: listed.more,
        },
      });
    };
    // The file is checked first, within bounds whatever it declares; the import itself runs as a job.
    const format = json ? ('jsonstat' as const) : ('csv' as const);
    let inspected;
    try {
      inspected = await inspectStatbankFile(
        upload.path,
        upload.name,
        format,
        statbankLimits,
        table === '' ? undefined : table.toUpperCase(),
      );
    } catch (e) {
      if (e instanceof StatbankFileRefusedError) return refusedPage(e);
      throw e;
    }
    if (inspected.table === undefined)
      return refusedPage(
        fileRefused(`${upload.name}: the file does not name its table`, {
          code: 'file.noTableId',
          params: {},
        }),
      );
    // The upload's folder goes with the answer: the job keeps the file in a folder of its own until it ends.
    const jobDir = await mkdtemp(path.join(tmpdir(), 'pejlemaerke-import-'));
    const jobFile = path.join(jobDir, upload.name);
    await rename(upload.path, jobFile);
    const job = importJobs.start(writeContext(req, deps), {
      file: jobFile,
      removeAfter: jobDir,
      fileName: upload.name,
      table: inspected.table.toUpperCase(),
      format,
      rows: inspected.rows,
      options: {
        table: inspected.table.toUpperCase(),
        unit: unit === '' ? undefined : unit,
        retrievedAt: deps.now(),
        limits: statbankLimits,
      },
    });
    return reply.redirect(jobHref(job.id, lang), 303);
  });
}
