// The published JSON Schema of the definition file: the committed file is what the zod schemas generate, every
// definition in the repository passes it (and the parser), and it refuses the wrong shapes the parser refuses.
// What it cannot see (cross-references) is shown too, so the documentation's promise stays true.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { STRATEGY_SCHEMA_FILE, strategyJsonSchema, strategyJsonSchemaText } from './json-schema.ts';
import { formatDefinitionError, parseStrategyDefinition } from './parse.ts';

const inRepo = (file: string) => new URL(`../../../${file}`, import.meta.url);
const read = (file: string) => readFileSync(inRepo(file), 'utf8');

const bundled = 'strategies/ballerup-integrationsstrategi-2021-2023.yaml';
const second = 'test/fixtures/strategies/eksempelby-politiske-maal.yaml';
const docsExample = 'docs/examples/strategy-example.yaml';

const validate = new Ajv({ allErrors: true, strict: true }).compile(
  JSON.parse(read(STRATEGY_SCHEMA_FILE)) as object,
);

function schemaErrors(yamlText: string): ErrorObject[] {
  return validate(parse(yamlText)) ? [] : (validate.errors ?? []);
}

function parserErrors(yamlText: string): string[] {
  const r = parseStrategyDefinition(Buffer.from(yamlText), 'x.yaml');
  return r.ok ? [] : r.errors.map(formatDefinitionError);
}

describe('the committed JSON Schema', () => {
  it('is what the zod schemas generate now', () => {
    const committed = read(STRATEGY_SCHEMA_FILE);
    if (committed !== strategyJsonSchemaText())
      expect.fail(`${STRATEGY_SCHEMA_FILE} is out of date with the zod schema: run \`npm run schema\``);
  });

  it('is draft-07, with format 2 for a file that says "format" and version 1 for any other', () => {
    const s = strategyJsonSchema();
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(s.if).toEqual({ type: 'object', properties: { format: {} }, required: ['format'] });
    const defs = s.definitions as Record<string, { properties: Record<string, unknown>; required: string[] }>;
    expect(defs.format2?.properties.format).toMatchObject({ type: 'number', const: 2 });
    // An editor shows the Danish description of a field beside it.
    const indicator = JSON.stringify(defs.format2?.properties.areas);
    expect(indicator).toContain('monitor (følges uden mål)');
    expect(indicator).toContain('planned, ongoing, paused, completed eller stopped');
    expect(defs.format2?.required).toContain('format');
    expect(defs.format1?.required).not.toContain('formatVersion');
    expect(s.description).toMatch(/pejlemaerke strategy validate/);
  });
});

describe.each([bundled, second, docsExample])('%s', (file) => {
  it('passes the JSON Schema and the parser', () => {
    expect(schemaErrors(read(file))).toEqual([]);
    expect(parserErrors(read(file))).toEqual([]);
  });

  it('names the schema for editors on its first line, and the path leads to the schema file', () => {
    const first = read(file).split('\n')[0] ?? '';
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(m, first).not.toBeNull();
    const target = new URL(m![1]!, inRepo(file));
    expect(target.href).toBe(inRepo(STRATEGY_SCHEMA_FILE).href);
  });
});

describe('a file without any version field', () => {
  it('is version 1 for the JSON Schema as for the parser', () => {
    const minimal = read('test/fixtures/strategies/minimal.yaml');
    const unversioned = minimal.replace('formatVersion: 1\n', '');
    expect(unversioned).not.toBe(minimal);
    expect(schemaErrors(unversioned)).toEqual([]);
    expect(parserErrors(unversioned)).toEqual([]);
    const wrong = unversioned.replace('direction: up', 'direction: sideways');
    expect(wrong).not.toBe(unversioned);
    expect(JSON.stringify(schemaErrors(wrong))).toMatch(/format1.*direction|direction.*format1/);
    expect(parserErrors(wrong).join('\n')).toMatch(/direction/);
  });
});

describe('the JSON Schema refuses what the parser refuses for its shape', () => {
  const example = read(docsExample);
  const v1 = read(bundled);
  it.each([
    ['an unknown kind', example.replace('kind: count\n', 'kind: number\n'), /kind/],
    ['an unknown direction', example.replace('direction: stable', 'direction: sideways'), /direction/],
    ['an unknown field', example.replace('    ambition: ', '    ambitions: '), /ambitions/],
    ['a unit kind that is not one', example.replace('kind: partner', 'kind: association'), /kind/],
    [
      'a unit label of 200 characters',
      example.replace(/label: timer pr\. [^\n]+/, `label: ${'x'.repeat(200)}`),
      /label/,
    ],
    ['format 3', example.replace('format: 2', 'format: 3'), /format/],
    [
      'a version 1 file with an unknown direction',
      v1.replace('direction: parity', 'direction: sideways'),
      /direction/,
    ],
  ])('%s', (_name, text, field) => {
    expect([example, v1]).not.toContain(text);
    const errors = schemaErrors(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(errors)).toMatch(field);
    expect(parserErrors(text).join('\n')).toMatch(field);
  });
});

describe('what only `pejlemaerke strategy validate` sees', () => {
  const example = read(docsExample);
  it.each([
    [
      'a target on a monitored indicator',
      example.replace(
        'direction: monitor\n',
        'direction: monitor\n        target: { value: 5, comparison: at-most }\n',
      ),
      /cannot have a target/,
    ],
    [
      'an owner that is no unit',
      example.replace('owner: kommunalbestyrelsen', 'owner: borgmesteren'),
      /unknown unit "borgmesteren"/,
    ],
    ['a duplicate area id', example.replace('id: faellesskab', 'id: arbejde'), /duplicate area id "arbejde"/],
    [
      'text of white space only',
      example.replace('title: Udgifter til kultur', "title: '   '"),
      /non-empty text/,
    ],
  ])('%s passes the JSON Schema and is refused by the parser', (_name, text, message) => {
    expect(text).not.toBe(example);
    expect(schemaErrors(text)).toEqual([]);
    expect(parserErrors(text).join('\n')).toMatch(message);
  });
});
