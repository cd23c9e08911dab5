// The committee's decision on a frozen round, with the revised strategy attached or not, and the revised
// strategy for a decided round that names no following version. Registered in the upload scope (multipart
// bodies are parsed nowhere else). The file is read into memory — a definition is at most 2 MiB
// (`MAX_DEFINITION_BYTES`) — as the recipient upload does: the text fields before it become `req.body`, and not
// a byte of it is read until `mayReceiveFile` has found the session, the form token and the right in order;
// otherwise the connection is closed after the answer. Nothing is kept on disk.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_DEFINITION_BYTES } from '../../domain/strategy/index.ts';
import { ConflictError, ForbiddenError } from '../../service/errors.ts';
import {
  decideWithRevision,
  reviseAfterDecision,
  RevisionRefusedError,
  type RevisionFile,
  type RevisionOutcome,
} from '../../service/evaluation-revision.ts';
import { decideEvaluation, getEvaluation } from '../../service/evaluations.ts';
import { listStrategyVersions } from '../../service/strategies.ts';
import { refusalSentence } from '../audit-words.ts';
import { field, hrefWith } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { memoryUploadReader, type MemoryUploadState } from '../auth/memory-upload.ts';
import { definitionErrorLine } from '../definition-error-words.ts';
import type { FormError } from '../form-errors.ts';
import { HttpError } from '../http-error.ts';
import { translator, type MessageKey, type Translate } from '../i18n/messages.ts';
import { requestLanguage } from '../request-language.ts';
import { decisionErrors, evaluationBase, found, type EvaluationPages } from './evaluations.ts';

/** The file input's name and id on both forms. */
export const REVISION_FIELD = 'revisionFile';
/** The decision's text is at most 20,000 characters (up to 80 KB of UTF-8); the other fields are short. */
const MAX_FIELD_BYTES = 128 * 1024;

/** Formats people attach by mistake, known by their first bytes: not a definition (YAML or JSON). */
const signatures: readonly { readonly kind: MessageKey; readonly bytes: readonly number[] }[] = [
  { kind: 'admin.import.kind.png', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { kind: 'admin.import.kind.jpeg', bytes: [0xff, 0xd8, 0xff] },
  { kind: 'admin.import.kind.gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { kind: 'admin.import.kind.pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { kind: 'admin.import.kind.zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
];

/** The uploaded file, none, or why it cannot be read as a definition before the parser sees it. */
function uploadOf(state: MemoryUploadState | undefined, t: Translate): RevisionFile | FormError | undefined {
  const error = (key: MessageKey, vars: Record<string, string> = {}): FormError => ({
    id: REVISION_FIELD,
    message: t(key, vars),
  });
  if (state?.broken) return error('evaluation.revision.broken');
  const given = state?.upload;
  if (!given) return undefined;
  const u = { ...given, name: given.name || 'fil' };
  const mb = (MAX_DEFINITION_BYTES / 1024 / 1024).toLocaleString('da-DK');
  if (u.tooLarge) return error('evaluation.revision.tooLarge', { file: u.name, mb });
  const kind = signatures.find((s) => s.bytes.every((b, i) => u.bytes[i] === b))?.kind;
  if (kind) return error('evaluation.revision.wrongType', { file: u.name, kind: t(kind) });
  return { name: u.name, bytes: u.bytes };
}

const isError = (u: RevisionFile | FormError): u is FormError => 'message' in u;

/** The refusal in the page's words: the summary line and each parser error as `strategy validate` prints it. */
function refusedErrors(
  req: FastifyRequest,
  e: RevisionRefusedError,
): { errors: FormError[]; lines: string[] } {
  const lang = requestLanguage(req);
  const t = translator(lang);
  if (e.otherStrategy)
    return {
      errors: [
        {
          id: REVISION_FIELD,
          message: t('evaluation.revision.otherStrategy', {
            file: e.file,
            fileId: e.otherStrategy.file,
            roundId: e.otherStrategy.round,
          }),
        },
      ],
      lines: [],
    };
  return {
    errors: [
      {
        id: REVISION_FIELD,
        message: t('evaluation.revision.refused', { file: e.file, n: String(e.errors.length) }),
      },
    ],
    lines: e.errors.map((x) => definitionErrorLine(x, lang)),
  };
}

/** The query of the redirect after a revision: the page says what became of it. */
const revisionQuery = (r: RevisionOutcome): Record<string, string> =>
  r.status === 'revised' ? { revideret: String(r.version) } : { samme: String(r.version) };

export function registerEvaluationDecision(
  app: FastifyInstance,
  deps: AuthDeps,
  pages: EvaluationPages,
): void {
  const revision = memoryUploadReader(deps, {
    action: 'evaluation.manage',
    fileField: REVISION_FIELD,
    maxFileBytes: MAX_DEFINITION_BYTES,
    maxFieldBytes: MAX_FIELD_BYTES,
    what: 'revision upload',
  });
  const routeOptions = { preValidation: revision.reader };
  const roundSubject = (roundId: string) => ({
    subject: { type: 'evaluation-round', id: roundId.slice(0, 40) },
  });

  app.post<{ Params: { roundId: string } }>(
    `${evaluationBase}/:roundId/beslutning`,
    routeOptions,
    async (req, reply) => {
      if (!(await pages.allow(req, reply, 'evaluation.manage', roundSubject(req.params.roundId))))
        return reply;
      const t = translator(requestLanguage(req));
      const { round } = await found(getEvaluation(deps.database, req.params.roundId));
      const values = {
        date: field(req.body, 'decisionDate') ?? '',
        text: field(req.body, 'decisionText') ?? '',
        version: (field(req.body, 'decisionVersion') ?? '').trim(),
      };
      const versions = (await listStrategyVersions(deps.database, round.strategyId)).map((v) => v.version);
      if (round.state !== 'frozen')
        return pages.roundPage(req, reply, 409, {
          problem:
            round.state === 'draft'
              ? t('evaluation.problem.decideDraft')
              : t('evaluation.problem.alreadyDecided'),
        });
      const errors = decisionErrors(t, values, versions);
      const file = uploadOf(revision.stateOf(req), t);
      if (file && isError(file)) errors.push(file);
      else if (file && values.version !== '')
        errors.push({ id: 'decisionVersion', message: t('evaluation.revision.versionAndFile') });
      if (errors.length > 0 || (file && isError(file)))
        return pages.roundPage(req, reply, 400, { decision: { values, errors } });
      const ctx = writeContext(req, deps);
      const form = { date: values.date.trim(), text: values.text };
      let query: Record<string, string> = { besluttet: '1' };
      try {
        if (file) {
          const decided = await decideWithRevision(ctx, round.id, form, file);
          query = { ...query, ...revisionQuery(decided.revision) };
        } else
          await decideEvaluation(ctx, round.id, {
            ...form,
            strategyVersion: values.version === '' ? undefined : Number(values.version),
          });
      } catch (e) {
        if (e instanceof RevisionRefusedError) {
          const refused = refusedErrors(req, e);
          return pages.roundPage(req, reply, 400, {
            decision: { values, errors: refused.errors, revisionLines: refused.lines },
          });
        }
        if (e instanceof ForbiddenError) throw new HttpError(403, refusalSentence(e.message, t));
        if (e instanceof ConflictError)
          return pages.roundPage(req, reply, 409, { problem: t('evaluation.problem.alreadyDecided') });
        throw e;
      }
      return reply.redirect(hrefWith(`${evaluationBase}/${round.id}`, requestLanguage(req), query), 303);
    },
  );

  app.post<{ Params: { roundId: string } }>(
    `${evaluationBase}/:roundId/revision`,
    routeOptions,
    async (req, reply) => {
      if (!(await pages.allow(req, reply, 'evaluation.manage', roundSubject(req.params.roundId))))
        return reply;
      const t = translator(requestLanguage(req));
      const { round } = await found(getEvaluation(deps.database, req.params.roundId));
      if (round.state !== 'decided' || round.decisionVersion !== null)
        return pages.roundPage(req, reply, 409, { problem: t('evaluation.revision.notOpen') });
      const file = uploadOf(revision.stateOf(req), t);
      if (!file || isError(file))
        return pages.roundPage(req, reply, 400, {
          revision: { errors: [file ?? { id: REVISION_FIELD, message: t('evaluation.revision.noFile') }] },
        });
      let query: Record<string, string>;
      try {
        query = revisionQuery((await reviseAfterDecision(writeContext(req, deps), round.id, file)).revision);
      } catch (e) {
        if (e instanceof RevisionRefusedError) {
          const refused = refusedErrors(req, e);
          return pages.roundPage(req, reply, 400, {
            revision: { errors: refused.errors, revisionLines: refused.lines },
          });
        }
        if (e instanceof ForbiddenError) throw new HttpError(403, refusalSentence(e.message, t));
        if (e instanceof ConflictError)
          return pages.roundPage(req, reply, 409, { problem: t('evaluation.revision.notOpen') });
        throw e;
      }
      return reply.redirect(hrefWith(`${evaluationBase}/${round.id}`, requestLanguage(req), query), 303);
    },
  );
}
