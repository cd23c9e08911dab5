// The /v1/tableinfo parser against the recorded STRAF42 responses (en, da), the other client's FOLK1A, and bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StatbankFormatError } from './errors.ts';
import { readJsonStat } from './jsonstat.ts';
import { readTableInfo, tableInfoFromValue, timeVariable } from './tableinfo.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const english = readTableInfo(fixture('table_info_straf42.response.json'));
const danish = readTableInfo(
  readFileSync(new URL('./fixtures/table_info_straf42_da.response.json', import.meta.url)),
);

describe('recorded tableinfo responses', () => {
  it('reads STRAF42 in English', () => {
    expect(english).toMatchObject({
      id: 'STRAF42',
      text: 'Decisions, total',
      unit: 'Number',
      updated: '2025-03-25T08:00:00',
      active: true,
      suppressedDataValue: '0',
      documentation: { id: '3806026b-3f64-451f-9836-c7a442da922f' },
      footnote: { mandatory: true },
    });
    expect(english.variables.map((v) => [v.id, v.text, v.elimination, v.time, v.values.length])).toEqual([
      ['HERKOMST1', 'national origin', true, false, 7],
      ['OVERTRÆD', 'type of offence', true, false, 97],
      ['AFGØRELSE', 'type of decision', true, false, 47],
      ['ALDER', 'age', true, false, 19],
      ['KØN', 'sex', true, false, 4],
      ['Tid', 'time', false, true, 30],
    ]);
    expect(english.variables[0]?.values.slice(0, 2)).toEqual([
      { id: '00', text: 'Total' },
      { id: '80', text: 'Danish citizens' },
    ]);
    expect(
      timeVariable(english)
        ?.values.map((v) => v.id)
        .slice(0, 2),
    ).toEqual(['1995', '1996']);
  });

  it('reads STRAF42 in Danish with the same codes and Danish texts', () => {
    expect(danish.text).toBe('Strafferetlige afgørelser');
    expect(danish.unit).toBe('Antal');
    expect(danish.variables.map((v) => v.values.map((x) => x.id))).toEqual(
      english.variables.map((v) => v.values.map((x) => x.id)),
    );
    expect(danish.variables.find((v) => v.id === 'KØN')?.values[1]).toEqual({ id: 'M', text: 'Mænd' });
  });

  it('agrees with the JSON-stat response on codes and labels', () => {
    const data = readJsonStat(fixture('data_straf42_json.response.json'));
    const origin = english.variables.find((v) => v.id === 'HERKOMST1');
    for (const category of data.dimension('HERKOMST1')?.categories ?? [])
      expect(origin?.values.find((v) => v.id === category.code)?.text).toBe(category.label);
  });

  it('reads the other client FOLK1A mock (footnote null, no contacts)', () => {
    const info = readTableInfo(fixture('other-client/folk1a_tableinfo_mock_from_tests.json'));
    expect(info.footnote).toBeNull();
    expect(info.contacts).toBeUndefined();
    expect(info.variables[0]?.values.map((v) => v.id)).toEqual(['TOT', '1', '2']);
  });

  it('keeps a variable map name and drops members it does not know', () => {
    const info = tableInfoFromValue({
      ...JSON.parse(fixture('other-client/folk1a_tableinfo_mock_from_tests.json')),
      somethingNew: 1,
      variables: [
        {
          id: 'OMRÅDE',
          text: 'område',
          elimination: true,
          time: false,
          map: 'denmark_municipality_07',
          values: [],
        },
      ],
    });
    expect(info.variables[0]?.map).toBe('denmark_municipality_07');
    expect(info).not.toHaveProperty('somethingNew');
  });
});

describe('bad tableinfo input', () => {
  const valid = JSON.parse(fixture('other-client/folk1a_tableinfo_mock_from_tests.json')) as Record<
    string,
    unknown
  >;
  const variable = (valid['variables'] as Record<string, unknown>[])[0]!;
  const body = (patch: Record<string, unknown>): string => JSON.stringify({ ...valid, ...patch });

  it.each<[string, string, RegExp]>([
    [
      'truncated JSON',
      fixture('table_info_straf42.response.json').slice(0, 500),
      /^tableinfo: not valid JSON \(truncated\?\)/,
    ],
    ['a top-level array', '[]', /^tableinfo: \(top\): Expected object, received array$/],
    ['no variables', body({ variables: undefined }), /^tableinfo: variables: Required$/],
    ['an empty variable list', body({ variables: [] }), /variables: expected at least one variable/],
    [
      'a variable without time flag',
      body({ variables: [{ ...variable, time: undefined }] }),
      /variables\[0\]\.time: Required/,
    ],
    [
      'a value id that is a number',
      body({ variables: [{ ...variable, values: [{ id: 1, text: 'x' }] }] }),
      /variables\[0\]\.values\[0\]\.id: Expected string, received number/,
    ],
    [
      'a value listed twice',
      body({
        variables: [
          {
            ...variable,
            values: [
              { id: 'A', text: 'x' },
              { id: 'A', text: 'y' },
            ],
          },
        ],
      }),
      /variables\[0\]\.values\[1\]\.id: value "A" appears twice/,
    ],
    [
      'a variable listed twice',
      body({ variables: [variable, variable] }),
      /variables\[1\]\.id: variable "KØN" appears twice/,
    ],
    ['an updated that is not a date', body({ updated: 'yesterday' }), /updated: expected a date-time/],
    [
      'a StatBank error body',
      '{"errorTypeCode":"TABLE_NOT_FOUND","message":"Ukendt tabel"}',
      /the API answered with an error \(TABLE_NOT_FOUND\): Ukendt tabel/,
    ],
  ])('refuses %s', (_, input, message) => {
    expect(() => readTableInfo(input)).toThrow(StatbankFormatError);
    expect(() => readTableInfo(input)).toThrow(message);
  });
});
