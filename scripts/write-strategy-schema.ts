// Writes the JSON Schema of the strategy definition file (`npm run schema`), generated from the zod schemas.
// `src/domain/strategy/json-schema.test.ts` fails when the committed file differs from what this writes.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STRATEGY_SCHEMA_FILE, strategyJsonSchemaText } from '../src/domain/strategy/json-schema.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await writeFile(path.join(root, STRATEGY_SCHEMA_FILE), strategyJsonSchemaText());
process.stdout.write(`wrote ${STRATEGY_SCHEMA_FILE}\n`);
