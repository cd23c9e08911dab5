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
  'duplicate ids, a target on a monitored indicator or before the baseline year, the groups a gap needs, the ' +
  "unit of a yes-no indicator, the codes of a derivation and a benchmark area (in the area registry, not the strategy's own) are checked by " +
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

/** What an editor shows beside a field of format 2, in Danish (docs/strategy-format.md has the whole story). */
const descriptions: Record<string, string> = {
  format: 'Definitionsformatet: 2.',
  id: 'Strategiens id: små bogstaver, cifre og enkelte bindestreger.',
  organisation:
    'Kommunen: navn, Danmarks Statistiks tre-cifrede kode og enhederne (centre, udvalg, byråd, partnere).',
  'organisation.units.kind':
    'centre (center), committee (udvalg), council (kommunalbestyrelse/byråd) eller partner.',
  levels: 'Hvad niveauerne hedder på siderne (area, goal, indicator, intervention), på dansk og engelsk.',
  period: 'Periode i måneder (ÅÅÅÅ-MM); uden "to" er strategien uden slutdato.',
  colourScheme: 'traffic-light: status som farve (grøn, gul, rød, hvid) i forhold til baseline.',
  areas: 'Indsatsområderne, mindst ét.',
  interventions: 'Tværgående indsatser, der ikke hører til ét område.',
  'areas.goals': 'Mål mellem område og indikator; en indikator henviser til et mål i samme område.',
  'areas.organisation.lead': 'Den enhed, der er tovholder (et id fra organisation.units).',
  'areas.indicators.kind': 'gap (målgruppe mod sammenligningsgruppe), level, count eller yes-no.',
  'areas.indicators.goal': 'Id på et mål i samme område.',
  'areas.indicators.unit':
    'share, count, score, weeks, years, days, kr, index, hectares, tonnes-co2, yes-no, eller { label: ... } (højst 100 tegn).',
  'areas.indicators.direction':
    'up, down, parity (samme niveau som sammenligningsgruppen), stable eller monitor (følges uden mål).',
  'areas.indicators.target':
    'Værdien, der skal nås: value, valgfrit year, og comparison at-least, at-most eller equal. Ikke ved monitor.',
  'areas.indicators.baseline':
    'En periode ("2024", "2024K2", "2024M09") eller { value, year } (year kan være unknown).',
  'areas.indicators.benchmark': '{ area: "000" } (et andet område), { group: ... } eller { series, label }.',
  'areas.indicators.awaitingData': 'Tallene findes ikke endnu: note siger hvorfor, eller hvornår de kommer.',
  'areas.indicators.source':
    'Den planlagte kilde: kind, publisher og valgfrit tabeller, forespørgsler og note.',
  'areas.indicators.owner': 'Den enhed, der ejer indikatoren (et id fra organisation.units).',
  'interventions.items.status': 'planned, ongoing, paused, completed eller stopped.',
  'interventions.items.responsible': 'Den ansvarlige enhed (et id fra organisation.units).',
  'interventions.items.indicators': 'De indikatorer (id), indsatsen skal flytte.',
};

/** The schema of a field by its dotted path through objects and lists; an error where the path leads nowhere. */
function fieldAt(root: Record<string, unknown>, dotted: string): Record<string, unknown> {
  let node = root;
  for (const key of dotted.split('.')) {
    while (node.type === 'array') node = node.items as Record<string, unknown>;
    const next = (node.properties as Record<string, Record<string, unknown>> | undefined)?.[key];
    if (!next) throw new Error(`the JSON Schema has no field ${dotted} (at ${key}): update its description`);
    node = next;
  }
  return node;
}

function withDescriptions(format2: Record<string, unknown>): Record<string, unknown> {
  for (const [dotted, description] of Object.entries(descriptions)) {
    fieldAt(format2, dotted).description = description;
    const inArea = dotted.startsWith('interventions.') ? `areas.${dotted}` : undefined;
    if (inArea) fieldAt(format2, inArea).description = description;
  }
  return format2;
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
    definitions: { format2: withDescriptions(bodyOf(strategySchema)), format1: v1 },
  };
}

/** The schema as the committed file holds it: two-space JSON with a final newline. */
export function strategyJsonSchemaText(): string {
  return `${JSON.stringify(strategyJsonSchema(), null, 2)}\n`;
}
