// A round's recipients from a CSV file as an office keeps them: the header `organisation,type,area,contact,email`
// or in Danish `organisation,type,område,kontaktperson,e-mail`, separated by `,` or `;`, saved as UTF-8 (with or
// without BOM) or Windows-1252. Every line is checked — missing fields, a bad e-mail address, an area the strategy
// does not know, a line repeated in the file or already in the round — and the file is refused whole, each
// problem with its line number, or taken whole.
import { decodeText, type TextEncoding } from '../sources/files/encoding.ts';
import { IndicatorFileError } from '../sources/files/errors.ts';
import { parseCsv, type Delimiter } from '../sources/files/csv.ts';
import type { NewRecipient } from '../store/survey-store.ts';
import { InvalidInputError } from './errors.ts';

export const MAX_RECIPIENT_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_RECIPIENTS = 5_000;

type Column = 'organisation' | 'type' | 'area' | 'contact' | 'email';

const headerNames: Readonly<Record<string, Column>> = {
  organisation: 'organisation',
  organization: 'organisation',
  type: 'type',
  organisationstype: 'type',
  area: 'area',
  område: 'area',
  omraade: 'area',
  contact: 'contact',
  kontaktperson: 'contact',
  kontakt: 'contact',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
};
const columns: readonly Column[] = ['organisation', 'type', 'area', 'contact', 'email'];
const columnLimits: Readonly<Record<Column, number>> = {
  organisation: 200,
  type: 100,
  area: 100,
  contact: 200,
  email: 254,
};

// Deliberately plain: one @, no spaces, quotes or angle brackets, a dot in the domain. The mail server is the
// last word; this catches the typing slips a list gathers (a comma for a dot, a missing domain).
const emailPattern = /^[^\s@"<>(),;:[\]\\]+@[^\s@"<>(),;:[\]\\]+\.[^\s@"<>(),;:[\]\\.]{2,}$/;

export interface RecipientArea {
  readonly code: string;
  /** Names the area may be written by, in lower case: "ballerup", "ballerup kommune". */
  readonly names: readonly string[];
}

export interface RecipientFileReading {
  readonly recipients: readonly NewRecipient[];
  readonly encoding: TextEncoding;
  readonly delimiter: Delimiter;
}

/** Reads and checks the file; throws InvalidInputError naming every bad line when any is bad. */
export function readRecipientFile(
  bytes: Uint8Array,
  fileName: string,
  rules: {
    readonly areas: readonly RecipientArea[];
    /** When the round names organisation types, only these. */
    readonly types: readonly string[];
    /** Organisation and e-mail pairs already in the round, as `organisation\ne-mail` in lower case. */
    readonly existing: ReadonlySet<string>;
  },
): RecipientFileReading {
  const refuse = (details: readonly string[]): never => {
    throw new InvalidInputError(`${fileName}: the recipients were refused; nothing was stored`, details);
  };
  if (bytes.byteLength === 0) refuse([`${fileName}: the file is empty`]);
  if (bytes.byteLength > MAX_RECIPIENT_FILE_BYTES)
    refuse([
      `${fileName}: the file is ${bytes.byteLength} bytes; a recipient list may be at most ${MAX_RECIPIENT_FILE_BYTES}`,
    ]);
  let decoded: ReturnType<typeof decodeText>;
  let table: ReturnType<typeof parseCsv>;
  try {
    decoded = decodeText(bytes);
    table = parseCsv(decoded.text);
  } catch (e) {
    if (e instanceof IndicatorFileError) return refuse([`${fileName}: ${e.message}`]);
    throw e;
  }
  const headerLine = table.header.line;
  const index = new Map<Column, number>();
  const headerProblems: string[] = [];
  table.header.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    const column = headerNames[name];
    if (!column)
      headerProblems.push(
        `line ${headerLine}: column ${i + 1} "${raw.trim()}" is not one of organisation, type, area (område), contact (kontaktperson), email (e-mail)`,
      );
    else if (index.has(column))
      headerProblems.push(`line ${headerLine}: column "${raw.trim()}" appears twice`);
    else index.set(column, i);
  });
  for (const c of columns)
    if (!index.has(c)) headerProblems.push(`line ${headerLine}: the header has no column "${c}"`);
  if (headerProblems.length > 0) refuse(headerProblems);

  const areaByName = new Map<string, string>();
  for (const a of rules.areas) {
    areaByName.set(a.code, a.code);
    for (const n of a.names) areaByName.set(n.toLowerCase(), a.code);
  }
  const types = new Set(rules.types.map((t) => t.toLowerCase()));
  const seen = new Map<string, number>();
  const problems: string[] = [];
  const recipients: NewRecipient[] = [];
  let count = 0;
  for (const record of table.records) {
    const at = `line ${record.line}`;
    if (++count > MAX_RECIPIENTS) {
      problems.push(`${at}: more than ${MAX_RECIPIENTS} recipients; split the list`);
      break;
    }
    if (record.problem) {
      problems.push(`${at}: ${record.problem}`);
      continue;
    }
    if (record.fields.length > table.header.fields.length) {
      problems.push(
        `${at}: ${record.fields.length} fields, but the header has ${table.header.fields.length} (a ${table.delimiter === ',' ? 'comma' : 'semicolon'} inside a name must be in quotes)`,
      );
      continue;
    }
    const value = (c: Column) => (record.fields[index.get(c) as number] ?? '').trim();
    const line: string[] = [];
    for (const c of columns) {
      const v = value(c);
      if (v === '') line.push(`${at}: "${c}" is missing`);
      else if ([...v].length > columnLimits[c])
        line.push(`${at}: "${c}" is longer than ${columnLimits[c]} characters`);
      else if (/\p{Cc}/u.test(v)) line.push(`${at}: "${c}" holds a control character or line break`);
    }
    const email = value('email');
    if (email !== '' && !line.some((p) => p.includes('"email"')) && !emailPattern.test(email))
      line.push(`${at}: "${email}" is not an e-mail address`);
    const areaText = value('area');
    const area = areaByName.get(areaText.toLowerCase());
    if (areaText !== '' && !area)
      line.push(
        `${at}: area "${areaText}" is not an area of the strategy (${rules.areas.map((a) => `${a.code} ${a.names[0] ?? ''}`.trim()).join(', ')})`,
      );
    const type = value('type');
    if (type !== '' && types.size > 0 && !types.has(type.toLowerCase()))
      line.push(`${at}: type "${type}" is not one the round covers (${rules.types.join(', ')})`);
    const key = `${value('organisation').toLowerCase()}\n${email.toLowerCase()}`;
    const earlier = seen.get(key);
    if (value('organisation') !== '' && email !== '') {
      if (earlier !== undefined)
        line.push(`${at}: a duplicate of line ${earlier} (${value('organisation')}, ${email})`);
      else if (rules.existing.has(key))
        line.push(`${at}: ${value('organisation')}, ${email} is already a recipient of the round`);
      else seen.set(key, record.line);
    }
    if (line.length > 0) {
      problems.push(...line);
      continue;
    }
    recipients.push({
      organisation: value('organisation'),
      organisationType: type,
      area: area as string,
      contactName: value('contact'),
      email,
    });
  }
  if (problems.length > 0) refuse(problems);
  if (recipients.length === 0) refuse([`${fileName}: the file has a header but no recipients`]);
  return { recipients, encoding: decoded.encoding, delimiter: table.delimiter };
}
