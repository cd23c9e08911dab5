// The audit log in words a reader uses: each action code as a Danish (or English) name, each refusal or failure
// reason as a sentence, and an entry's before and after as the fields that changed ("Rolle: tovholder →
// administrator"). The log itself keeps the codes and the English reasons; the CSV export shows both.
import { refusalCodeOf, type Action } from '../domain/access/index.ts';
import { formatDateTime } from './format.ts';
import type { Language, MessageKey, Translate } from './i18n/messages.ts';

/** Every action the policy knows: a new one fails to compile here until it has a name. */
const policyActions: Readonly<Record<Action, true>> = {
  'strategy.load': true,
  'observations.import': true,
  'user.manage': true,
  'audit.read': true,
  'internal.read': true,
  'area.edit': true,
  'round.manage': true,
  'evaluation.manage': true,
  'area.signoff': true,
  'session.login': true,
  'session.use': true,
  'session.logout': true,
  'survey.manage': true,
  'survey.read': true,
  'survey.answer': true,
};

/**
 * Every action code written to the audit log: the policy's actions and the names a change gives its entries
 * (`action:` in an audit spec) or a refused form (`recordRefusal`). `audit-words.test.ts` reads the code base
 * for them and fails on one missing here or in messages.ts.
 */
export const auditActionCodes: readonly string[] = [
  ...Object.keys(policyActions),
  'session.expire',
  'user.lock',
  'user.provision',
  'user.update',
  'intervention.archive',
  'intervention.note',
  'intervention.seed',
  'round.close',
  'round.note',
  'round.update',
  'request.origin',
  'request.csrf',
  'evaluation.open',
  'evaluation.assess',
  'evaluation.freeze',
  'evaluation.content',
  'evaluation.recompute',
  'evaluation.file',
  'evaluation.decide',
  'survey.register',
  'survey.open',
  'survey.recipients',
  'survey.links',
  'survey.close',
  'survey.publish',
  'survey.export',
  'survey.save',
  'survey.submit',
  'survey.purge',
  'survey.bounce',
  'survey.send',
  'survey.sent',
  'survey.edit',
  'survey.version',
  'mail.followup-reminder',
  'mail.followup-overdue',
  'refresh.start',
  'refresh.finish',
];

/** The reader's text for a key built at run time, or undefined when messages.ts has none. */
function known(t: Translate, key: string): string | undefined {
  const text = t(key as MessageKey);
  return text === key ? undefined : text;
}

/** An action's name; an unknown code (an entry from a newer version) is shown as it is. */
export function actionWord(code: string, t: Translate): string {
  return known(t, `audit.action.${code}`) ?? code;
}

export function actorKindWord(kind: string, t: Translate): string {
  return known(t, `audit.actorKind.${kind}`) ?? kind;
}

/** Who acted: a person by their address, the system and anonymous visitors by a word. */
export function actorText(r: { readonly actor: string; readonly actorKind: string }, t: Translate): string {
  return r.actorKind === 'system' || r.actorKind === 'anonymous' ? actorKindWord(r.actorKind, t) : r.actor;
}

/** Where a request came from: an address, or the system or the command line. */
export function originText(origin: string | null | undefined, t: Translate): string {
  if (!origin) return '';
  return origin === 'system' || origin === 'cli' ? actorKindWord(origin, t) : origin;
}

export function subjectWord(type: string, t: Translate): string {
  return known(t, `audit.subject.${type}`) ?? type;
}

/** A text shown in a language other than the page's (a reason written by a library): the page marks it. */
export interface Worded {
  readonly text: string;
  /** Set when the text is English on a Danish page. */
  readonly lang?: 'en';
}

/**
 * The reason of a refusal or a failed try as a sentence: the policy's reasons by their code, the services'
 * own reasons by their fixed text; a text nobody here wrote (an error from the sign-on library) stays English,
 * marked as such.
 */
export function reasonWords(reason: string, t: Translate, lang: Language): Worded {
  const code = refusalCodeOf(reason);
  if (code) return { text: t(`audit.reason.${code}`) };
  const fixed = serviceReasons[reason];
  if (fixed) return { text: t(fixed) };
  const inARow = /^(\d+) failed logins in a row$/.exec(reason);
  if (inARow) return { text: t('audit.reason.failedInARow', { n: inARow[1] as string }) };
  const header = /^(Sec-Fetch-Site|Origin|Referer): (.*)$/s.exec(reason);
  if (header)
    return { text: t('audit.reason.crossSite', { header: header[1] as string, value: header[2] as string }) };
  return lang === 'en' ? { text: reason } : { text: reason, lang: 'en' };
}

/** A policy refusal for a page: its reason in the reader's words, or the general text for one it does not know. */
export function refusalSentence(reason: string, t: Translate): string {
  const code = refusalCodeOf(reason);
  return code ? t(`audit.reason.${code}`) : t('auth.forbidden.body');
}

/** The reasons the services and the form check write, as the audit log holds them. */
const serviceReasons: Readonly<Record<string, MessageKey>> = {
  'unknown user': 'audit.reason.unknownUser',
  'user disabled': 'audit.reason.userDisabled',
  'account locked': 'audit.reason.accountLocked',
  'wrong password': 'audit.reason.wrongPassword',
  'no password (single sign-on only)': 'audit.reason.noPassword',
  'no mapped role': 'audit.reason.noMappedRole',
  'no usable e-mail claim': 'audit.reason.noEmailClaim',
  'e-mail used by another account': 'audit.reason.emailTaken',
  'no login under way (the cookie is missing or has expired)': 'audit.reason.noLoginUnderWay',
  'no form token': 'audit.reason.noFormToken',
  'the form token belongs to another session': 'audit.reason.otherSessionToken',
  // How a session ended (sessions.ts, accounts.ts).
  idle: 'audit.reason.idle',
  absolute: 'audit.reason.absolute',
  disabled: 'audit.reason.userDisabled',
  logout: 'audit.reason.logout',
  replaced: 'audit.reason.replaced',
  'password reset': 'audit.reason.passwordReset',
};

/** The fields an entry's before and after hold, by the name the services give them. */
export const auditFieldNames: readonly string[] = [
  'reason',
  'email',
  'displayName',
  'roles',
  'centres',
  'disabled',
  'login',
  'sessionsEnded',
  'hadPassword',
  'passwordChanged',
  'method',
  'lockedUntil',
  'failedInARow',
  'session',
  'issuer',
  'subject',
  'roleClaim',
  'note',
  'notedOn',
  'body',
  'round',
  'status',
  'title',
  'deadline',
  'closed',
  'archived',
  'description',
  'leadCentre',
  'involvedCentres',
  'startsOn',
  'endsOn',
  'indicatorIds',
  'version',
  'contentHash',
  'sourceFile',
  'interventions',
  // Evaluation rounds (service/evaluations.ts).
  'strategy',
  'name',
  'from',
  'to',
  'state',
  'assessment',
  'adjustments',
  'signedOff',
  'signedOffBy',
  'strategyVersion',
  'series',
  'pins',
  'contentSha256',
  'contentFormat',
  'replacedSha256',
  'format',
  'sha256',
  'bytes',
  'date',
  'text',
  'area',
  'recipient',
  'mailSubject',
  'messageId',
  'serverAnswer',
  'mailFailure',
  'permanent',
  // Survey answers deleted under the retention rule (service/survey-retention.ts).
  'answers',
  'recipients',
  'deliveries',
  'retentionDays',
  // Questionnaires edited in the browser and rounds moved to a new version (service/questionnaire-editor.ts).
  'questionnaire',
  // Refresh runs (service/refresh-record.ts).
  'sources',
  'skipped',
];

/** One changed (or recorded) field: its name, and its value before and after, each in words. */
export interface FieldLine {
  readonly label: string;
  readonly before?: Worded;
  readonly after?: Worded;
}

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const MAX_TEXT = 200;

function valueWords(field: string, v: unknown, t: Translate, lang: Language): Worded {
  if (v === null || v === undefined || v === '') return { text: '–' };
  if (typeof v === 'boolean') return { text: t(v ? 'audit.value.yes' : 'audit.value.no') };
  if (typeof v === 'number') return { text: String(v) };
  if (Array.isArray(v)) {
    if (v.length === 0) return { text: t('audit.value.none') };
    return { text: v.map((x) => valueWords(field, x, t, lang).text).join(', ') };
  }
  if (typeof v === 'object')
    return {
      text: Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${fieldLabel(k, t)}: ${valueWords(k, x, t, lang).text}`)
        .join('; '),
    };
  const s = String(v);
  if (field === 'reason') return reasonWords(s, t, lang);
  if (ISO_MOMENT.test(s)) return { text: formatDateTime(new Date(s), lang) };
  if (field === 'roles') return { text: known(t, `audit.role.${s}`) ?? s };
  if (field === 'method' || field === 'login') return { text: known(t, `audit.method.${s}`) ?? s };
  if (field === 'status')
    return { text: known(t, `interventionStatus.${s}`) ?? known(t, `round.noteStatus.${s}`) ?? s };
  if (
    field === 'contentHash' ||
    field === 'contentSha256' ||
    field === 'sha256' ||
    field === 'replacedSha256'
  )
    return { text: s.slice(0, 12) };
  if (field === 'state') return { text: known(t, `evaluation.state.${s}`) ?? s };
  // A file the operator loaded: its name, not where it lay on the server.
  if (field === 'sourceFile') return { text: s.split(/[\\/]/).at(-1) ?? s };
  return { text: s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s };
}

function fieldLabel(field: string, t: Translate): string {
  return known(t, `audit.field.${field}`) ?? field;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function asRecord(v: unknown): Record<string, unknown> | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
}

/**
 * What an entry changed, field by field: a field both sides hold and that differs as "before → after", a field
 * only after holds (a new record, a reason) as its value, a field only before holds as "before → –". Fields
 * that did not change are left out unless the entry has no before (then everything after holds is the record).
 */
export function changeLines(before: unknown, after: unknown, t: Translate, lang: Language): FieldLine[] {
  const b = asRecord(before);
  const a = asRecord(after);
  // In one order for every entry (the database keeps JSON keys in an order of its own).
  const rank = (f: string) =>
    auditFieldNames.includes(f) ? auditFieldNames.indexOf(f) : auditFieldNames.length;
  const fields = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].sort(
    (x, y) => rank(x) - rank(y),
  );
  const lines: FieldLine[] = [];
  for (const f of fields) {
    const inBefore = b !== undefined && f in b;
    const inAfter = a !== undefined && f in a;
    if (inBefore && inAfter && same(b[f], a?.[f])) continue;
    lines.push({
      label: fieldLabel(f, t),
      ...(inBefore && { before: valueWords(f, b[f], t, lang) }),
      after: inAfter ? valueWords(f, a[f], t, lang) : { text: '–' },
    });
  }
  return lines;
}

/** The same lines as one text, for the CSV export. */
export function changeText(lines: readonly FieldLine[]): string {
  return lines
    .map((l) => `${l.label}: ${l.before ? `${l.before.text} → ` : ''}${l.after?.text ?? '–'}`)
    .join('; ');
}
