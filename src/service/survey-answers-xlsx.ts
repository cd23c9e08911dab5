// The raw answers of a round as an XLSX workbook for an administrator, beside the CSV (`survey-answers-csv.ts`):
// a sheet "svar" with one row per recipient — organisation, type, area, contact, e-mail, state, when submitted
// and every question's answer (a number as a number, a checkbox's choices joined, yes/no as "ja"/"nej") — with a
// frozen header row, and a sheet "spoergsmaal" naming each question's page and Danish title.
import { allQuestions, textIn, type Questionnaire } from '../domain/survey/index.ts';
import { loadExcel } from '../platform/excel.ts';
import type { AnswerRow, RecipientRow } from '../store/survey-store.ts';

function cellOf(value: unknown): string | number | Date | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value ? 'ja' : 'nej';
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (value instanceof Date) return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export async function answersXlsx(
  questionnaire: Questionnaire,
  rows: readonly { readonly recipient: RecipientRow; readonly answer: AnswerRow | undefined }[],
): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const book = new ExcelJS.Workbook();
  book.created = new Date(0);
  const questions = allQuestions(questionnaire);
  const sheet = book.addWorksheet('svar', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([
    'organisation',
    'type',
    'omraade',
    'kontaktperson',
    'e-mail',
    'status',
    'indsendt',
    ...questions.map((q) => q.question.name),
  ]);
  sheet.getRow(1).font = { bold: true };
  for (const { recipient: r, answer: a } of rows) {
    const status = a?.submittedAt ? 'indsendt' : a ? 'påbegyndt' : 'ikke besvaret';
    // A string is written as a text cell (exceljs writes a formula only when given { formula }), so an answer
    // starting with "=" stays text.
    sheet.addRow([
      r.organisation,
      r.organisationType,
      r.area,
      r.contactName,
      r.email,
      status,
      a?.submittedAt ?? null,
      ...questions.map((q) => cellOf(a?.answers[q.question.name])),
    ]);
  }
  sheet.getColumn(7).numFmt = 'yyyy-mm-dd hh:mm';
  const list = book.addWorksheet('spoergsmaal');
  list.addRow(['spørgsmål', 'side', 'tekst']);
  list.getRow(1).font = { bold: true };
  for (const q of questions) list.addRow([q.question.name, q.page + 1, textIn(q.question.title, 'da')]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
