// A definition's errors as the decision page lists them: the command line's form (file:line:column, the items
// by their ids, the value given) with the common messages and the item names in Danish, and unchanged in English.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { formatDefinitionError, parseStrategyDefinition } from '../domain/strategy/index.ts';
import { definitionErrorLine } from './definition-error-words.ts';

const bundled = readFileSync(ballerupFile, 'utf8');

function errorsOf(text: string | Uint8Array) {
  const r = parseStrategyDefinition(typeof text === 'string' ? Buffer.from(text) : text, 'revideret.yaml');
  if (r.ok) throw new Error('the definition was accepted');
  return r.errors;
}

describe('definition errors in Danish', () => {
  it('names the place, the items by id and the value, as the command line does', () => {
    const [e] = errorsOf(bundled.replace('        direction: down\n', '        direction: sideways\n'));
    if (!e) throw new Error('no error');
    expect(definitionErrorLine(e, 'en')).toBe(formatDefinitionError(e));
    expect(definitionErrorLine(e, 'da')).toMatch(
      /^revideret\.yaml:\d+:\d+: område «beskaeftigelse» › indikator «offentlig-forsoergelse» › direction \(areas\[0\]\.indicators\[0\]\.direction\): forventet "up", "down" eller "parity", men filen har "sideways"$/,
    );
  });

  it('says a missing field, an unknown field, a duplicate id and a syntax error in Danish', () => {
    const lines = (text: string) => errorsOf(text).map((e) => definitionErrorLine(e, 'da'));
    expect(lines(bundled.replace('title: Integrationsstrategi\n', ''))).toEqual([
      expect.stringMatching(/^revideret\.yaml:7:1: title: «title» mangler \(forventet: tekst\)$/),
    ]);
    expect(
      lines(bundled.replace('title: Integrationsstrategi\n', 'title: Integrationsstrategi\ntitel: x\n')),
    ).toEqual([expect.stringMatching(/ukendt felt "titel"$/)]);
    expect(
      lines(bundled.replace('        - id: unge-i-fritidsjobs\n', '        - id: taet-opfoelgning\n')).join(
        '\n',
      ),
    ).toMatch(/indsats-id'et «taet-opfoelgning» findes to gange \(også ved /);
    expect(lines('title: [\n')).toEqual([
      'revideret.yaml: linje 2, kolonne 1: syntaksfejl: her er filen hverken gyldig YAML eller JSON',
    ]);
    expect(errorsOf(new Uint8Array([0x74, 0xe9, 0x0a])).map((e) => definitionErrorLine(e, 'da'))).toEqual([
      'revideret.yaml: (filen): filen er ikke gyldig UTF-8 (første forkerte byte ved position 1); gem filen som UTF-8',
    ]);
  });
});
