// Writes src/sources/statbank/fixtures/recorded-shape/ from test/support/statbank-answers.ts:
// `node --import tsx test/support/write-statbank-fixtures.ts`. The test beside the files checks they are these.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { recordedShapeFixtures } from './statbank-answers.ts';

const dir = path.join(
  import.meta.dirname,
  '..',
  '..',
  'src',
  'sources',
  'statbank',
  'fixtures',
  'recorded-shape',
);
for (const { file, content } of recordedShapeFixtures()) writeFileSync(path.join(dir, file), content);
