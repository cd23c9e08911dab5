// The recipient file's problems in the reader's words. The service (`service/survey-recipients.ts`) names each
// problem in English with its line; this reads those sentences back into their parts and words them from
// messages.ts, so a Danish page lists every bad line in Danish. The CSV reader's own problems are Danish already.
import type { MessageKey, Translate } from './i18n/messages.ts';

type Column = 'organisation' | 'type' | 'area' | 'contact' | 'email';
const columns: readonly Column[] = ['organisation', 'type', 'area', 'contact', 'email'];

const columnWord = (t: Translate, c: string) =>
  (columns as readonly string[]).includes(c) ? t(`survey.admin.column.${c}` as MessageKey) : c;

const patterns: readonly [RegExp, (t: Translate, m: RegExpExecArray) => string][] = [
  [
    /^line (\d+): column (\d+) "(.*)" is not one of /,
    (t, m) => t('survey.admin.csv.unknownColumn', { line: m[1] ?? '', n: m[2] ?? '', name: m[3] ?? '' }),
  ],
  [
    /^line (\d+): column "(.*)" appears twice$/,
    (t, m) => t('survey.admin.csv.columnTwice', { line: m[1] ?? '', name: m[2] ?? '' }),
  ],
  [
    /^line (\d+): the header has no column "(\w+)"$/,
    (t, m) => t('survey.admin.csv.columnMissing', { line: m[1] ?? '', name: columnWord(t, m[2] ?? '') }),
  ],
  [
    /^line (\d+): more than (\d+) recipients; split the list$/,
    (t, m) => t('survey.admin.csv.tooMany', { line: m[1] ?? '', max: m[2] ?? '' }),
  ],
  [
    /^line (\d+): (\d+) fields, but the header has (\d+)/,
    (t, m) => t('survey.admin.csv.fields', { line: m[1] ?? '', n: m[2] ?? '', header: m[3] ?? '' }),
  ],
  [
    /^line (\d+): "(\w+)" is missing$/,
    (t, m) => t('survey.admin.csv.missing', { line: m[1] ?? '', name: columnWord(t, m[2] ?? '') }),
  ],
  [
    /^line (\d+): "(\w+)" is longer than (\d+) characters$/,
    (t, m) =>
      t('survey.admin.csv.tooLong', { line: m[1] ?? '', name: columnWord(t, m[2] ?? ''), max: m[3] ?? '' }),
  ],
  [
    /^line (\d+): "(\w+)" holds a control character or line break$/,
    (t, m) => t('survey.admin.csv.control', { line: m[1] ?? '', name: columnWord(t, m[2] ?? '') }),
  ],
  [
    /^line (\d+): "(.*)" is not an e-mail address$/,
    (t, m) => t('survey.admin.csv.email', { line: m[1] ?? '', value: m[2] ?? '' }),
  ],
  [
    /^line (\d+): area "(.*)" is not an area of the strategy \((.*)\)$/,
    (t, m) => t('survey.admin.csv.area', { line: m[1] ?? '', value: m[2] ?? '', areas: m[3] ?? '' }),
  ],
  [
    /^line (\d+): type "(.*)" is not one the round covers \((.*)\)$/,
    (t, m) => t('survey.admin.csv.type', { line: m[1] ?? '', value: m[2] ?? '', types: m[3] ?? '' }),
  ],
  [
    /^line (\d+): a duplicate of line (\d+) \((.*)\)$/,
    (t, m) => t('survey.admin.csv.duplicate', { line: m[1] ?? '', earlier: m[2] ?? '', what: m[3] ?? '' }),
  ],
  [
    /^line (\d+): (.*) is already a recipient of the round$/,
    (t, m) => t('survey.admin.csv.already', { line: m[1] ?? '', what: m[2] ?? '' }),
  ],
  [/: the file is empty$/, (t) => t('survey.admin.csv.empty')],
  [
    /: the file is (\d+) bytes; a recipient list may be at most (\d+)$/,
    (t, m) => t('survey.admin.csv.tooLarge', { bytes: m[1] ?? '', max: m[2] ?? '' }),
  ],
  [/: the file has a header but no recipients$/, (t) => t('survey.admin.csv.noRows')],
  // The CSV reader's and the decoder's own problems, Danish already.
  [/^line (\d+): (.*)$/, (t, m) => t('survey.admin.csv.line', { line: m[1] ?? '', text: m[2] ?? '' })],
];

/** One problem of the file, worded; the file's name is taken off the start of a whole-file problem. */
export function recipientProblem(t: Translate, detail: string, fileName: string): string {
  for (const [re, word] of patterns) {
    const m = re.exec(detail);
    if (m) return word(t, m);
  }
  return detail.startsWith(`${fileName}: `) ? detail.slice(fileName.length + 2) : detail;
}
