// Reads the area registry file (datasets/areas.csv: `code;name_da;name_en;kind;region`). Every problem is
// reported with the file and line, all of them at once, and nothing is returned unless the whole file is sound.
import { AREA_COLUMNS, areaRowSchema, type Area } from './area.ts';

export class AreaRegistryError extends Error {
  override readonly name = 'AreaRegistryError';
  constructor(
    message: string,
    /** Every problem as `file:line: message`. */
    readonly problems: readonly string[],
  ) {
    super(message);
  }
}

export function parseAreas(text: string, fileName: string): readonly Area[] {
  const problems: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]?.split(';') ?? [];
  if (header.join(';') !== AREA_COLUMNS.join(';'))
    throw new AreaRegistryError(
      `${fileName}:1: expected the header "${AREA_COLUMNS.join(';')}", found "${lines[0] ?? ''}"`,
      [`${fileName}:1: bad header`],
    );
  const areas: Area[] = [];
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const fields = raw.split(';');
    if (fields.length !== AREA_COLUMNS.length) {
      problems.push(`${fileName}:${line}: expected ${AREA_COLUMNS.length} fields, found ${fields.length}`);
      return;
    }
    const row = Object.fromEntries(AREA_COLUMNS.map((c, k) => [c, fields[k]]));
    const parsed = areaRowSchema.safeParse(row);
    if (parsed.success) areas.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        problems.push(`${fileName}:${line}: ${issue.path.join('.') || 'row'}: ${issue.message}`);
  });
  problems.push(...crossCheck(areas, fileName, lines));
  if (problems.length > 0)
    throw new AreaRegistryError(
      problems.length === 1 ? (problems[0] as string) : `${problems[0]} (and ${problems.length - 1} more)`,
      problems,
    );
  return areas;
}

/** Codes and names unique, every region reference pointing at a region, exactly one country. */
function crossCheck(areas: readonly Area[], fileName: string, lines: readonly string[]): string[] {
  const problems: string[] = [];
  const lineOf = (a: Area) => lines.findIndex((l) => l.startsWith(`${a.code};`)) + 1;
  const codes = new Map<string, Area>();
  const labels = new Map<string, Area>();
  for (const a of areas) {
    if (codes.has(a.code)) problems.push(`${fileName}:${lineOf(a)}: duplicate code ${a.code}`);
    codes.set(a.code, a);
    for (const label of new Set([a.nameDa, a.nameEn].map(labelKey))) {
      const other = labels.get(label);
      if (other && other.code !== a.code)
        problems.push(`${fileName}:${lineOf(a)}: the name "${label}" is also used by ${other.code}`);
      labels.set(label, a);
    }
  }
  for (const a of areas) {
    if (a.region === undefined) continue;
    if (codes.get(a.region)?.kind !== 'region')
      problems.push(`${fileName}:${lineOf(a)}: region ${a.region} of ${a.code} is not a region in the file`);
  }
  const countries = areas.filter((a) => a.kind === 'country').length;
  if (countries !== 1) problems.push(`${fileName}: expected one country (000), found ${countries}`);
  return problems;
}

/** Names compare without regard to case, surrounding space or Unicode composition ("Ø" typed two ways). */
export function labelKey(label: string): string {
  return label.normalize('NFC').trim().toLocaleLowerCase('da');
}
