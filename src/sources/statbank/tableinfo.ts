// The /v1/tableinfo response: a table's variables, their values, and which can be eliminated, checked with zod.
import { z, type ZodIssue } from 'zod';
import { decodeBody } from './decode.ts';
import { StatbankFormatError } from './errors.ts';

const text = z.string();
const code = z.string().min(1, 'expected a non-empty code');

const valueSchema = z.object({ id: code, text });

const variableSchema = z
  .object({
    id: code,
    text,
    /** True when the variable may be left out of a data request (StatBank then sums over it). */
    elimination: z.boolean(),
    /** True for the time variable (Tid). */
    time: z.boolean(),
    /** Geographic variables name the map StatBank draws them on. */
    map: z.string().optional(),
    values: z.array(valueSchema),
  })
  .superRefine((variable, ctx) => {
    const seen = new Set<string>();
    for (const [k, value] of variable.values.entries()) {
      if (seen.has(value.id))
        ctx.addIssue({
          code: 'custom',
          path: ['values', k, 'id'],
          message: `value "${value.id}" appears twice`,
        });
      seen.add(value.id);
    }
  });

/** Danish local time without an offset ("2025-03-25T08:00:00"), unlike the data responses, which give UTC. */
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/, 'expected a date-time');

const tableInfoSchema = z
  .object({
    id: code,
    text,
    description: z.string().optional(),
    unit: z.string(),
    suppressedDataValue: z.string().optional(),
    updated: localDateTime,
    active: z.boolean().optional(),
    contacts: z
      .array(z.object({ name: z.string(), phone: z.string().nullish(), mail: z.string().nullish() }))
      .nullish(),
    documentation: z.object({ id: z.string().nullish(), url: z.string().nullish() }).nullish(),
    footnote: z.object({ text: z.string(), mandatory: z.boolean().optional() }).nullish(),
    variables: z.array(variableSchema).min(1, 'expected at least one variable'),
  })
  .superRefine((info, ctx) => {
    const seen = new Set<string>();
    for (const [k, variable] of info.variables.entries()) {
      if (seen.has(variable.id))
        ctx.addIssue({
          code: 'custom',
          path: ['variables', k, 'id'],
          message: `variable "${variable.id}" appears twice`,
        });
      seen.add(variable.id);
    }
  });

export type TableInfoValue = z.infer<typeof valueSchema>;
export type TableInfoVariable = z.infer<typeof variableSchema>;
/** Unknown members the API may add later are dropped rather than refused. */
export type TableInfo = z.infer<typeof tableInfoSchema>;

export function readTableInfo(input: string | Uint8Array): TableInfo {
  const body = decodeBody(input, 'tableinfo');
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new StatbankFormatError('tableinfo', `not valid JSON (truncated?): ${reason}`);
  }
  return tableInfoFromValue(document);
}

/** As readTableInfo, for a body already parsed. */
export function tableInfoFromValue(document: unknown): TableInfo {
  if (
    typeof document === 'object' &&
    document !== null &&
    'errorTypeCode' in document &&
    !('variables' in document)
  ) {
    const { errorTypeCode, message } = document as { errorTypeCode?: unknown; message?: unknown };
    throw new StatbankFormatError(
      'tableinfo',
      `the API answered with an error (${String(errorTypeCode)}): ${String(message)}`,
    );
  }
  const result = tableInfoSchema.safeParse(document);
  if (!result.success)
    throw new StatbankFormatError('tableinfo', result.error.issues.slice(0, 5).map(formatIssue).join('; '));
  return result.data;
}

/** The time variable (the one with `time: true`), which StatBank never lets a request eliminate. */
export function timeVariable(info: TableInfo): TableInfoVariable | undefined {
  return info.variables.find((v) => v.time);
}

function formatIssue(issue: ZodIssue): string {
  const path = issue.path.reduce<string>(
    (at, part) => (typeof part === 'number' ? `${at}[${part}]` : at === '' ? part : `${at}.${part}`),
    '',
  );
  return `${path === '' ? '(top)' : path}: ${issue.message}`;
}
