// The audit log as CSV for Danish Excel, streamed: UTF-8 with BOM (so æøå survive), `;` between cells
// (the comma is the decimal mark), CRLF line ends, and any cell that starts with = + - @ (or a tab or CR)
// prefixed with ' so Excel never runs it as a formula (OWASP "CSV injection").
import type { AuditRow } from '../service/audit.ts';
import { copenhagenStamp } from './copenhagen-time.ts';
import type { Translate } from './i18n/messages.ts';

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  const guarded = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[;"\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(';')}\r\n`;
}

const json = (v: unknown) => (v === undefined || v === null ? '' : JSON.stringify(v));

export async function* auditCsv(rows: AsyncIterable<AuditRow>, t: Translate): AsyncGenerator<string> {
  yield `\uFEFF${csvLine([
    t('admin.log.at'),
    t('admin.log.actor'),
    'Type',
    t('admin.log.action'),
    t('admin.log.subject'),
    t('admin.log.origin'),
    t('admin.log.outcome'),
    t('admin.log.before'),
    t('admin.log.after'),
    'Id',
  ])}`;
  // Gathered into chunks of a few hundred lines: one write per line would be slow for a long log.
  let chunk = '';
  let n = 0;
  for await (const r of rows) {
    chunk += csvLine([
      copenhagenStamp(r.at),
      r.actor,
      r.actorKind,
      r.action,
      [r.subjectType, r.subjectId].filter(Boolean).join(': '),
      r.origin,
      t(`outcome.${r.outcome}`),
      json(r.before),
      json(r.after),
      r.id,
    ]);
    if (++n % 500 === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
