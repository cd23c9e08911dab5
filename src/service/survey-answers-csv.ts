// The raw answers of a round as CSV for an administrator (Danish Excel: UTF-8 with BOM, semicolons, CRLF): one
// row per recipient with its organisation, type, area, state and every question's answer. A cell that starts with
// = + - @ (or a tab or carriage return) is prefixed with an apostrophe, so a spreadsheet never runs an answer
// as a formula.
import { allQuestions, type Questionnaire } from '../domain/survey/index.ts';
import type { AnswerRow, RecipientRow } from '../store/survey-store.ts';

function escapeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function csvCell(value: unknown): string {
  const text =
    value === undefined || value === null
      ? ''
      : Array.isArray(value)
        ? value.map(String).join(', ')
        : typeof value === 'boolean'
          ? value
            ? 'ja'
            : 'nej'
          : String(value);
  const safe = escapeFormula(text);
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function answersCsv(
  questionnaire: Questionnaire,
  rows: readonly { readonly recipient: RecipientRow; readonly answer: AnswerRow | undefined }[],
): string {
  const questions = allQuestions(questionnaire).map((q) => q.question.name);
  const header = [
    'organisation',
    'type',
    'omraade',
    'kontaktperson',
    'e-mail',
    'status',
    'indsendt',
    ...questions,
  ];
  const lines = [header.map(csvCell).join(';')];
  for (const { recipient: r, answer: a } of rows) {
    const status = a?.submittedAt ? 'indsendt' : a ? 'påbegyndt' : 'ikke besvaret';
    lines.push(
      [
        r.organisation,
        r.organisationType,
        r.area,
        r.contactName,
        r.email,
        status,
        a?.submittedAt?.toISOString() ?? '',
        ...questions.map((q) => a?.answers[q]),
      ]
        .map(csvCell)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
