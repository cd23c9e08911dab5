// Reads the answer of `POST /data/{id}/json`: `[{"Variables":[{"Label":…},…],"Data":[[…],…]}]`, one table per
// element. Every row must have exactly one cell per variable; anything else refuses the whole answer.
import { JobindsatsError } from './errors.ts';

/** A cell as the answer holds it: text (figures come as text with Danish formatting) or a JSON number. */
export type JobindsatsCell = string | number;

export interface JobindsatsTable {
  /** The `Label` of each variable, in column order. */
  readonly labels: readonly string[];
  readonly rows: readonly (readonly JobindsatsCell[])[];
}

const MAX_PROBLEMS = 100;

export function readJobindsatsAnswer(bytes: Uint8Array): readonly JobindsatsTable[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new JobindsatsError(
      'malformed',
      `the answer is not JSON (${e instanceof Error ? e.message : String(e)}); nothing was read`,
      [],
      undefined,
      { cause: e },
    );
  }
  if (!Array.isArray(json) || json.length === 0)
    throw malformed('expected a list of tables [{"Variables":[…],"Data":[[…]]}]');
  return json.map((element, t) => readTable(element, t));
}

function readTable(element: unknown, t: number): JobindsatsTable {
  const where = `table ${t + 1}`;
  if (element === null || typeof element !== 'object' || Array.isArray(element))
    throw malformed(`${where} is not an object`);
  const { Variables: variables, Data: data } = element as Record<string, unknown>;
  if (!Array.isArray(variables) || variables.length === 0)
    throw malformed(`${where}: "Variables" is not a non-empty list`);
  const labels = variables.map((v, i) => {
    const label = (v as { Label?: unknown } | null)?.Label;
    if (typeof label !== 'string' || label.trim() === '')
      throw malformed(`${where}: variable ${i + 1} has no "Label"`);
    return label.normalize('NFC').trim();
  });
  const duplicate = labels.find((l, i) => labels.indexOf(l) !== i);
  if (duplicate !== undefined) throw malformed(`${where}: the label "${duplicate}" occurs twice`);
  if (!Array.isArray(data)) throw malformed(`${where}: "Data" is not a list of rows`);
  const problems: string[] = [];
  const rows = data.map((row: unknown, r) => {
    const at = `${where}, row ${r + 1}`;
    if (!Array.isArray(row)) {
      problems.push(`${at}: not a list of cells`);
      return [];
    }
    if (row.length !== labels.length)
      problems.push(`${at}: ${row.length} cells where "Variables" names ${labels.length}`);
    row.forEach((cell: unknown, c) => {
      if (typeof cell !== 'string' && !(typeof cell === 'number' && Number.isFinite(cell)))
        problems.push(
          `${at}, ${labels[c] ?? `cell ${c + 1}`}: ${JSON.stringify(cell)} is neither text nor a number`,
        );
    });
    return row as JobindsatsCell[];
  });
  if (problems.length > 0)
    throw new JobindsatsError(
      'malformed',
      `${problems.length} row problem(s) in the answer, first: ${problems[0]}; nothing was read`,
      problems.slice(0, MAX_PROBLEMS),
    );
  return { labels, rows };
}

function malformed(detail: string): JobindsatsError {
  return new JobindsatsError('malformed', `${detail}; nothing was read`);
}
