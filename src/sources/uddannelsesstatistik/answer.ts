// Reads the pages of an answer: each a JSON list of row objects keyed by exactly the requested breakdowns and
// measures. A row with a key missing or one too many refuses the whole answer; nothing is half-read.
import { UddannelsesstatistikError } from './errors.ts';

export type UddannelsesstatistikValue = string | number | null;

export interface UddannelsesstatistikRow {
  /** 1-based page (`side`) and row within it, for messages. */
  readonly page: number;
  readonly row: number;
  readonly values: Readonly<Record<string, UddannelsesstatistikValue>>;
}

const MAX_PROBLEMS = 100;

export function readUddannelsesstatistikPages(
  pages: readonly Uint8Array[],
  keys: readonly string[],
): readonly UddannelsesstatistikRow[] {
  const expected = new Set(keys);
  const rows: UddannelsesstatistikRow[] = [];
  const problems: string[] = [];
  pages.forEach((bytes, p) => {
    const page = p + 1;
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new UddannelsesstatistikError(
        'malformed',
        `page ${page} is not JSON (${e instanceof Error ? e.message : String(e)}); nothing was read`,
        [],
        undefined,
        { cause: e },
      );
    }
    if (!Array.isArray(json))
      throw new UddannelsesstatistikError(
        'malformed',
        `page ${page} is not a list of rows; nothing was read`,
      );
    json.forEach((item: unknown, r) => {
      const at = `page ${page}, row ${r + 1}`;
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        problems.push(`${at}: not an object`);
        return;
      }
      const values: Record<string, UddannelsesstatistikValue> = {};
      const present = new Set<string>();
      for (const [k, v] of Object.entries(item)) {
        const key = k.normalize('NFC');
        present.add(key);
        if (!expected.has(key)) problems.push(`${at}: "${k}" was not asked for`);
        else if (v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
          values[key] = v as UddannelsesstatistikValue;
        else problems.push(`${at}, ${k}: ${JSON.stringify(v)} is neither text, a number nor null`);
      }
      for (const k of keys) if (!present.has(k)) problems.push(`${at}: no "${k}"`);
      rows.push({ page, row: r + 1, values });
    });
  });
  if (problems.length > 0)
    throw new UddannelsesstatistikError(
      'malformed',
      `${problems.length} row problem(s), first: ${problems[0]}; nothing was read`,
      problems.slice(0, MAX_PROBLEMS),
    );
  return rows;
}
