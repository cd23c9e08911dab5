// The audit log as CSV for Danish Excel, streamed, by the rules in csv-download.ts. Each coded field is given
// twice: in words for the reader and as the code the log holds, in a column of its own, for filtering and
// for comparing with other exports; before and after are given in words and as the recorded JSON.
import type { AuditRow } from '../service/audit.ts';
import {
  actionWord,
  actorKindWord,
  actorText,
  changeLines,
  changeText,
  originText,
  subjectWord,
} from './audit-words.ts';
import { csvCell, csvLine } from './csv-download.ts';
import { copenhagenStamp } from './copenhagen-time.ts';
import type { Language, Translate } from './i18n/messages.ts';

export { csvCell, csvLine };

const json = (v: unknown) => (v === undefined || v === null ? '' : JSON.stringify(v));

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * A stored text as the log shows it: control characters (C0 but tab and line breaks, DEL, C1) written as
 * `\u0001`, so no program reading the file stops or cuts a line at one, and nothing is lost.
 */
export function visibleText(v: string): string {
  return v.replace(controlCharacters, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export async function* auditCsv(
  rows: AsyncIterable<AuditRow>,
  t: Translate,
  lang: Language,
): AsyncGenerator<string> {
  yield `\uFEFF${csvLine([
    t('admin.log.at'),
    t('admin.log.actor'),
    'Type',
    t('audit.actorKindCode'),
    t('admin.log.action'),
    t('audit.actionCode'),
    t('admin.log.subject'),
    t('admin.log.origin'),
    t('admin.log.outcome'),
    t('audit.changes'),
    t('admin.log.before'),
    t('admin.log.after'),
    'Id',
  ])}`;
  // Gathered into chunks of a few hundred lines: one write per line would be slow for a long log.
  let chunk = '';
  let n = 0;
  for await (const r of rows) {
    chunk += csvLine(
      [
        copenhagenStamp(r.at),
        actorText(r, t),
        actorKindWord(r.actorKind, t),
        r.actorKind,
        actionWord(r.action, t),
        r.action,
        r.subjectType ? `${subjectWord(r.subjectType, t)}: ${r.subjectId ?? ''}` : '',
        originText(r.origin, t),
        t(`outcome.${r.outcome}`),
        changeText(changeLines(r.before, r.after, t, lang)),
        json(r.before),
        json(r.after),
        r.id,
      ].map((c) => (typeof c === 'string' ? visibleText(c) : c)),
    );
    if (++n % 500 === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
