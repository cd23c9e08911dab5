// Turns one cell — text from a CSV field, or a number, text or date from a spreadsheet cell — into the value a
// column needs, or into a Danish reason that names the column and shows what was written.

/** A cell as the readers give it: CSV fields are always text; exceljs gives numbers and dates as such. */
export type CellValue = string | number | Date;

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const no = (reason: string): Parsed<never> => ({ ok: false, reason });

/** The cell as the reason shows it: trimmed, cut to 40 characters, numbers with a decimal comma. */
export function shown(v: CellValue): string {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'ugyldig dato' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return String(v).replace('.', ',');
  // eslint-disable-next-line no-control-regex
  const t = v.trim().replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  const chars = [...t]; // by code point, so a cut never splits a surrogate pair
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : t;
}

export const isEmpty = (v: CellValue): boolean => typeof v === 'string' && v.trim() === '';

/** Text of a cell for the code columns; a whole number from a spreadsheet counts as its digits. */
function asText(v: CellValue): string | undefined {
  if (typeof v === 'string') return v.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return undefined;
}

/**
 * Danmarks Statistik's area codes: 000, 081-085, 101-999. Excel drops leading zeros from a number, so one or two
 * digits are padded ("85" is region 085).
 */
export function parseArea(column: string, v: CellValue): Parsed<string> {
  if (isEmpty(v)) return no(`${column} mangler`);
  const t = asText(v);
  const code = t !== undefined && /^\d{1,3}$/.test(t) ? t.padStart(3, '0') : undefined;
  if (code === undefined || !/^(000|08[1-5]|[1-9]\d\d)$/.test(code))
    return no(`${column} (${shown(v)}) er ikke en tre-cifret områdekode, fx 151`);
  return ok(code);
}

export function parsePeriod(
  column: string,
  v: CellValue,
  format: { readonly pattern: RegExp; readonly hint: string; readonly frequency: string },
): Parsed<string> {
  if (isEmpty(v)) return no(`${column} mangler; skriv ${format.hint}`);
  if (v instanceof Date)
    return no(
      `${column} (${shown(v)}) er en dato; skriv perioden som tekst (${format.hint}) og formatér kolonnen som tekst`,
    );
  const t = asText(v)
    ?.toUpperCase()
    .replace(/^(\d{4})Q([1-4])$/, '$1K$2');
  if (t === undefined || !/^\d{4}(K[1-4]|M(0[1-9]|1[0-2]))?$/.test(t))
    return no(`${column} (${shown(v)}) kan ikke læses som en periode; skriv ${format.hint}`);
  const year = Number(t.slice(0, 4));
  if (year < 1900 || year > 2100) return no(`${column} (${shown(v)}) har et urimeligt årstal`);
  if (!format.pattern.test(t))
    return no(
      `${column} (${shown(v)}) passer ikke til indikatorens hyppighed (${format.frequency}); skriv ${format.hint}`,
    );
  return ok(t);
}

/** One of a column's allowed words (Danish or English, any case) → its key. */
export function parseChoice<K extends string>(
  column: string,
  v: CellValue,
  choices: Readonly<Record<K, readonly string[]>>,
): Parsed<K> {
  const keys = Object.keys(choices) as K[];
  const listed = keys.map((k) => `"${choices[k][0]}"`);
  const allowed = `${listed.slice(0, -1).join(', ')} eller ${listed[listed.length - 1]}`;
  if (isEmpty(v)) return no(`${column} mangler; skriv ${allowed}`);
  const t = asText(v)?.toLowerCase();
  const key = t === undefined ? undefined : keys.find((k) => choices[k].includes(t));
  return key === undefined ? no(`${column} (${shown(v)}) skal være ${allowed}`) : ok(key);
}

/** An age band "18-29", "65+" (an en dash and " år" are allowed), or undefined for "i alt". */
export function parseAgeBand(column: string, v: CellValue): Parsed<string | undefined> {
  if (isEmpty(v)) return no(`${column} mangler; skriv fx 18-29, 65+ eller "i alt"`);
  if (v instanceof Date)
    return no(
      `${column} (${shown(v)}) er blevet til en dato i Excel; formatér kolonnen som tekst og skriv fx 18-29`,
    );
  const t = asText(v)
    ?.toLowerCase()
    .replace(/[\u2013\u2212]/g, '-')
    .replace(/\s*år$/, '')
    .replace(/\s*([-+])\s*/g, '$1');
  if (t === 'i alt' || t === 'ialt' || t === 'total') return ok(undefined);
  const range = t === undefined ? null : /^(\d{1,3})-(\d{1,3})$/.exec(t);
  if (range && Number(range[1]) <= Number(range[2]) && Number(range[2]) <= 130)
    return ok(`${Number(range[1])}-${Number(range[2])}`);
  const open = t === undefined ? null : /^(\d{1,3})\+$/.exec(t);
  if (open && Number(open[1]) <= 130) return ok(`${Number(open[1])}+`);
  return no(`${column} (${shown(v)}) skal være en aldersgruppe som 18-29 eller 65+, eller "i alt"`);
}

/**
 * A number as Danish Excel writes it ("12,5") or with a decimal point ("12.5"). A point followed by exactly three
 * digits ("1.234") is refused: in Danish it is a thousands separator, so reading it either way could be off by a
 * factor of a thousand without anyone noticing.
 */
export function parseNumber(column: string, v: CellValue): Parsed<number> {
  if (isEmpty(v)) return no(`${column} mangler`);
  if (v instanceof Date) return no(`${column} (${shown(v)}) er en dato, ikke et tal`);
  if (typeof v === 'number') return Number.isFinite(v) ? ok(v) : no(`${column} (${shown(v)}) er ikke et tal`);
  const t = v.trim();
  if (/^[+-]?\d{1,3}([. ]\d{3})+(,\d+)?$/.test(t) && !/^[+-]?0\.\d{3}$/.test(t))
    return no(
      /^[+-]?\d{1,3}\.\d{3}$/.test(t)
        ? `${column} (${shown(v)}) er tvetydig: skriv tallet uden tusindtalsseparator (fx 1234) eller med decimalkomma`
        : `${column} (${shown(v)}) skal skrives uden tusindtalsseparator`,
    );
  if (!/^[+-]?\d+([.,]\d+)?$/.test(t)) return no(`${column} (${shown(v)}) er ikke et tal`);
  const n = Number(t.replace(',', '.'));
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER)
    return no(`${column} (${shown(v)}) er urimeligt stort`);
  return ok(n);
}

export function parseNonNegative(column: string, v: CellValue): Parsed<number> {
  const r = parseNumber(column, v);
  if (r.ok && r.value < 0) return no(`${column} (${shown(v)}) er negativt`);
  return r;
}

export function parseCount(column: string, v: CellValue): Parsed<number> {
  const r = parseNonNegative(column, v);
  if (r.ok && !Number.isInteger(r.value)) return no(`${column} (${shown(v)}) er ikke et helt tal`);
  return r;
}
