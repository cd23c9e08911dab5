// The JSON Schema of the definition file, generated from the zod schemas so editors can complete and check a
// strategy file as it is written (`npm run schema` writes `strategies/strategy.schema.json`; a test keeps it in
// step). A file with `format: 2` is checked against format 2, any other against version 1 (which is converted on
// read). It describes the shape only: what the zod schemas check afterwards across the file (units, goals and
// indicators named by id, duplicate ids, a target on a monitored indicator, a gap without its groups, codes of a
// derivation, benchmark areas in the area registry) is said by `pejlemaerke strategy validate`. Pure.
import { zodToJsonSchema } from 'zod-to-json-schema';
import type { ZodTypeAny } from 'zod';
import { FORMAT_VERSION, FORMAT_VERSION_V1, strategySchema } from './schema.ts';
import { strategySchemaV1 } from './schema-v1.ts';

/** Where the committed schema lives in the repository, relative to its root. */
export const STRATEGY_SCHEMA_FILE = 'strategies/strategy.schema.json';

/** What JSON Schema cannot say of a definition, and `pejlemaerke strategy validate` checks (docs/strategy-format.md). */
export const CHECKED_BY_VALIDATE_ONLY =
  'Cross-references (units, goals and indicators named by id; the goal of an indicator in its own area), ' +
  'duplicate ids, a target on a monitored indicator, the groups a gap needs, the unit of a yes-no indicator, ' +
  'the codes of a derivation and benchmark areas in the area registry are checked by ' +
  '`pejlemaerke strategy validate`, not by this schema; so is text of white space only.';

function bodyOf(schema: ZodTypeAny): Record<string, unknown> {
  const { $schema: _draft, ...body } = zodToJsonSchema(schema, {
    target: 'jsonSchema7',
    $refStrategy: 'none',
    // Defaults fill what a file may leave out: a file is what goes in, not what comes out.
    effectStrategy: 'input',
    pipeStrategy: 'input',
    removeAdditionalStrategy: 'strict',
  }) as Record<string, unknown>;
  return body;
}

/** The JSON Schema (draft-07) of a strategy definition file, format 2 or version 1. */
export function strategyJsonSchema(): Record<string, unknown> {
  const v1 = bodyOf(strategySchemaV1);
  // A file without any version field is read as version 1, so the version 1 form does not require it.
  const required = Array.isArray(v1.required) ? (v1.required as string[]) : [];
  v1.required = required.filter((k) => k !== 'formatVersion');
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Pejlemærke strategy definition, format ${FORMAT_VERSION}`,
    description:
      `En strategi som data (Pejlemærke, definitionsformat ${FORMAT_VERSION}; se docs/strategy-format.md). ` +
      'A strategy as data: its organisation, areas, goals, indicators and interventions. Generated from the ' +
      `zod schema by \`npm run schema\`. A file with "format: ${FORMAT_VERSION}" is format ${FORMAT_VERSION}; ` +
      `any other is read as version ${FORMAT_VERSION_V1} ("formatVersion: ${FORMAT_VERSION_V1}") and converted. ` +
      CHECKED_BY_VALIDATE_ONLY,
    if: { type: 'object', properties: { format: {} }, required: ['format'] },
    then: { $ref: '#/definitions/format2' },
    else: { $ref: '#/definitions/format1' },
    definitions: { format2: bodyOf(strategySchema), format1: v1 },
  };
}

/** The schema as the committed file holds it: two-space JSON with a final newline. */
export function strategyJsonSchemaText(): string {
  return `${JSON.stringify(strategyJsonSchema(), null, 2)}\n`;
}
