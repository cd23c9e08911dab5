// Checks the Ballerup definition against the strategy document it encodes: every bullet, measurement, quote and
// paragraph word for word, the population table's figures, and each area's tovholder.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatDefinitionError, parseStrategyDefinition } from './parse.ts';
import { strategySchemaV1, type AreaV1 as Area, type StrategyDefinitionV1 } from './schema-v1.ts';

const DEFINITION = 'strategies/ballerup-integrationsstrategi-2021-2023.yaml';
const SEED = 'test/fixtures/seed/integrationsstrategi-ballerup-2021-2023.md';

const repoFile = (path: string): Buffer => readFileSync(new URL(`../../../${path}`, import.meta.url));

const seed = repoFile(SEED).toString('utf8');
const result = parseStrategyDefinition(repoFile(DEFINITION), DEFINITION);

/** The file as written (version 1), which is what the document is compared with; it must also load. */
function loaded(): StrategyDefinitionV1 {
  if (!result.ok) throw new Error(result.errors.map(formatDefinitionError).join('\n'));
  return strategySchemaV1.parse(parse(repoFile(DEFINITION).toString('utf8')));
}

/** The document's words: markdown emphasis and footnote markers dropped, white space collapsed. */
function normalise(text: string): string {
  return text
    .replace(/<sup>\d+<\/sup>/g, '')
    .replace(/\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const seedText = normalise(seed);

// ---- The seed's structure, read from the markdown. Heading levels vary (### and #### for the same kind of
// section), and footnotes sit in the middle of lists at page breaks, so sections are told apart by their words.

interface Section {
  readonly heading: string;
  readonly paragraphs: string[];
  readonly bullets: string[];
}

function sectionsOf(markdown: string): Section[] {
  let current: Section = { heading: '', paragraphs: [], bullets: [] };
  const sections = [current];
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    // blank lines, rules, footnotes and table rows are not part of a section's running text
    if (line === '' || line === '---' || line.startsWith('<sup>') || line.includes('\t')) continue;
    const heading = /^#+\s+(.*)$/.exec(line);
    const bullet = /^(?:-|\d+\.)\s+(.*)$/.exec(line);
    if (heading?.[1] !== undefined) {
      current = { heading: normalise(heading[1]), paragraphs: [], bullets: [] };
      sections.push(current);
    } else if (bullet?.[1] !== undefined) current.bullets.push(normalise(bullet[1]));
    else current.paragraphs.push(normalise(line));
  }
  return sections;
}

type Part = 'goal' | 'measurement' | 'interventions' | 'organisation';
const partHeadings: [RegExp, Part][] = [
  [/^Mål(et|ene)$/, 'goal'],
  [/^Måling$/, 'measurement'],
  [/^Indsatserne omfatter\.\.\.$/, 'interventions'],
  [/^Organisering og koordinering af indsatser$/, 'organisation'],
];
const partOf = (heading: string): Part | undefined => partHeadings.find(([re]) => re.test(heading))?.[1];

interface SeedArea {
  readonly heading: Section;
  readonly parts: Map<Part, Section>;
}

/** The focus areas: every heading after "Indsatsområder" that is not one of an area's own sub-headings. */
function seedAreas(sections: Section[]): SeedArea[] {
  const areas: SeedArea[] = [];
  for (const section of sections.slice(sections.findIndex((s) => s.heading === 'Indsatsområder') + 1)) {
    const part = partOf(section.heading);
    const area = areas.at(-1);
    if (part === undefined) areas.push({ heading: section, parts: new Map() });
    else if (!area || area.parts.has(part)) throw new Error(`unexpected heading "${section.heading}"`);
    else area.parts.set(part, section);
  }
  return areas;
}

const sections = sectionsOf(seed);
const areasInSeed = seedAreas(sections);

function sectionNamed(heading: string): Section {
  const found = sections.filter((s) => s.heading === heading);
  if (found.length !== 1) throw new Error(`expected one section "${heading}", found ${found.length}`);
  return found[0] as Section;
}

function part(index: number, name: Part): Section {
  const section = areasInSeed[index]?.parts.get(name);
  if (!section) throw new Error(`area ${index} of the seed has no ${name} section`);
  return section;
}

/** The population table: tab-separated rows, figures with "." as the Danish thousands separator. */
function seedTable(markdown: string) {
  const rows = markdown
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => l.split('\t').map((c) => c.trim()));
  const [header, ...body] = rows;
  if (!header) throw new Error('no table in the seed');
  const figure = (cell: string): number => {
    if (!/^\d{1,3}(\.\d{3})*$/.test(cell)) throw new Error(`not a figure: "${cell}"`);
    return Number(cell.replaceAll('.', ''));
  };
  return {
    caption: normalise(header[0] ?? ''),
    columns: header.slice(1),
    rows: new Map(body.map(([label = '', ...cells]) => [label, cells.map(figure)])),
  };
}

const areaIds = ['beskaeftigelse', 'uddannelse', 'boligsociale-faellesskaber', 'demokratisk-dannelse'];
const area = (i: number): Area => {
  const a = loaded().areas[i];
  if (!a) throw new Error(`no area ${i}`);
  return a;
};

describe('the Ballerup definition', () => {
  it('parses with no errors', () => {
    expect(result.ok ? [] : result.errors.map(formatDefinitionError)).toEqual([]);
  });

  it('has the four focus areas of the document, in its order', () => {
    expect(areasInSeed).toHaveLength(4);
    expect(loaded().areas.map((a) => a.id)).toEqual(areaIds);
  });

  it('has 15 indicators split 5, 3, 2, 5 and 22 interventions split 7, 4, 4, 7', () => {
    const { areas } = loaded();
    expect(areas.map((a) => a.indicators.length)).toEqual([5, 3, 2, 5]);
    expect(areas.map((a) => a.interventions.items.length)).toEqual([7, 4, 4, 7]);
    expect(areas.flatMap((a) => a.indicators)).toHaveLength(15);
    expect(areas.flatMap((a) => a.interventions.items)).toHaveLength(22);
  });

  it('uses every id once', () => {
    const d = loaded();
    const ids = [
      ...d.centres.map((c) => c.id),
      ...d.areas.map((a) => a.id),
      ...d.areas.flatMap((a) => a.indicators.map((i) => i.id)),
      ...d.areas.flatMap((a) => a.interventions.items.map((i) => i.id)),
    ];
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});

describe.each(areaIds.map((id, i) => ({ id, i })))('focus area $id against the seed', ({ i }) => {
  it('has the heading as title and subtitle, and the ambition word for word', () => {
    const seedArea = areasInSeed[i];
    expect(`${area(i).title} – ${area(i).subtitle}`).toBe(seedArea?.heading.heading);
    expect([area(i).ambition]).toEqual(seedArea?.heading.paragraphs);
  });

  it('has the goal text and goal statements word for word', () => {
    expect(area(i).goal.text).toEqual(part(i, 'goal').paragraphs);
    expect(area(i).goal.statements).toEqual(part(i, 'goal').bullets);
  });

  it('quotes only what the goal text quotes, with a source', () => {
    expect(area(i).goal.quotes.length).toBeGreaterThan(0);
    for (const quote of area(i).goal.quotes) {
      expect(seedText).toContain(normalise(quote.text));
      expect(area(i).goal.text.join(' ')).toContain(quote.text);
      expect(quote.source.length).toBeGreaterThan(0);
    }
  });

  it('has one indicator per measurement, each word for word and in order', () => {
    // A bullet ending in ":" heads sub-bullets ("Måling af danskkundskaber følger ...:"), it is not a measurement.
    const measurements = part(i, 'measurement').bullets.filter((b) => !b.endsWith(':'));
    expect(area(i).indicators.map((ind) => ind.measurement)).toEqual(measurements);
    expect(area(i).measurement.intro).toEqual(part(i, 'measurement').paragraphs);
  });

  it('has every bullet under "Indsatserne omfatter..." as an intervention, word for word and in order', () => {
    expect(area(i).interventions.items.map((item) => item.text)).toEqual(part(i, 'interventions').bullets);
    expect(area(i).interventions.intro).toEqual(part(i, 'interventions').paragraphs);
  });

  it('has the organisation text word for word', () => {
    expect(area(i).organisation.text).toEqual(part(i, 'organisation').paragraphs);
  });
});

describe('texts of the whole strategy', () => {
  it('has every measurement and quote word for word in the seed', () => {
    const areas = loaded().areas;
    const texts = [
      ...areas.flatMap((a) => a.indicators.map((ind) => ind.measurement)),
      ...areas.flatMap((a) => a.goal.quotes.map((q) => q.text)),
    ];
    expect(texts).toHaveLength(15 + 6);
    expect(texts.filter((t) => !seedText.includes(normalise(t)))).toEqual([]);
  });

  it('has the background, principle, evaluation and coordination paragraphs of "Baggrund", in order', () => {
    const d = loaded();
    expect([...d.background, ...d.principle, d.evaluation.text, d.coordination.text]).toEqual(
      sectionNamed('Baggrund').paragraphs,
    );
  });

  it("has the council's wish as the purpose and the period as the strategy words it", () => {
    const d = loaded();
    expect(d.background.join(' ')).toContain(`"${d.purpose}"`);
    expect(d.background.join(' ')).toContain(`gældende fra ${d.period.label}.`);
    expect(d.period).toEqual({ from: '2021-09', to: '2023-12', label: 'september 2021-2023' });
  });

  it('names the coordinating centre and unit, and the evaluating committee with its interval', () => {
    const d = loaded();
    const coordinator = d.centres.find((c) => c.id === d.coordination.centre);
    expect(coordinator?.name).toBe('Center for Arbejdsmarked');
    expect(d.coordination.text).toContain(`${coordinator?.name} (${d.coordination.unit})`);
    expect(d.evaluation).toMatchObject({ body: 'Økonomiudvalget', intervalYears: 2 });
    expect(d.evaluation.text).toContain(`hver andet år af ${d.evaluation.body}`);
  });
});

describe('the target group', () => {
  const danishList = (items: readonly string[]): string =>
    items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} og ${items.at(-1)}`;

  it('has the definition and footnote 1 word for word', () => {
    const { targetGroup } = loaded();
    const footnote = /^<sup>1<\/sup>(.*)$/m.exec(seed)?.[1];
    expect(targetGroup.footnote).toBe(normalise(footnote ?? ''));
    expect(targetGroup.definition).toEqual(sectionNamed('Målgruppen').paragraphs);
    expect(targetGroup.definition.join(' ')).toContain(targetGroup.label);
  });

  it("holds the footnote's country lists as data", () => {
    const { footnote, countries } = loaded().targetGroup;
    expect(footnote).toContain(`Vestlige lande omfatter ${danishList(countries.western)}.`);
    expect(footnote).toContain(`de europæiske lande ${danishList(countries.nonWesternEurope)}.`);
    expect(countries.nonWesternContinents.at(-1)).toBe('Oceanien');
    expect(footnote).toContain(`Alle lande i ${danishList(countries.nonWesternContinents.slice(0, -1))}.`);
    expect(footnote).toContain(`Alle lande i Oceanien (på nær ${danishList(countries.oceaniaExcept)})`);
    expect(countries.statelessAreNonWestern).toBe(footnote.endsWith('samt statsløse.'));
  });

  it("has the population table's 16 figures exactly as the seed prints them", () => {
    const table = loaded().targetGroup.populationTable;
    const printed = seedTable(seed);
    expect(table).toMatchObject({ caption: printed.caption, area: '151', period: '2021K2' });
    expect(table?.source).toBe('Danmarks Statistik, FOLK1E');
    expect(printed.caption).toContain('2. kvartal 2021');
    expect(printed.columns).toEqual(['I alt', 'Dansk oprindelse', 'Indvandrere', 'Efterkommere']);
    const rowLabels = {
      total: 'I alt',
      denmark: 'Danmark',
      western: 'Vestlige lande',
      nonWestern: 'Ikke-vestlige lande',
    };
    const compared: number[] = [];
    for (const [key, label] of Object.entries(rowLabels) as [keyof typeof rowLabels, string][]) {
      const row = table?.rows[key];
      const cells = [row?.total, row?.danishOrigin, row?.immigrants, row?.descendants];
      expect(cells, label).toEqual(printed.rows.get(label));
      compared.push(...(printed.rows.get(label) ?? []));
    }
    expect(compared).toHaveLength(16);
    expect(table?.rows.total).toEqual({
      total: 49110,
      danishOrigin: 40272,
      immigrants: 5906,
      descendants: 2932,
    });
  });
});

describe('centres and tovholdere', () => {
  const expected = [
    { area: 'beskaeftigelse', lead: 'Center for Arbejdsmarked', involved: [] },
    {
      area: 'uddannelse',
      lead: 'Center for Skoler, Institutioner og Kultur',
      involved: ['Center for Arbejdsmarked'],
    },
    { area: 'boligsociale-faellesskaber', lead: 'Center for By, Erhverv og Miljø', involved: [] },
    {
      area: 'demokratisk-dannelse',
      lead: 'Center for Skoler, Institutioner og Kultur',
      involved: ['Center for Politik og Organisation'],
    },
  ];

  it('has the four centres with their full names, each named in the seed', () => {
    const { centres } = loaded();
    expect(centres.map((c) => c.id)).toEqual([
      'center-for-arbejdsmarked',
      'center-for-skoler-institutioner-og-kultur',
      'center-for-by-erhverv-og-miljoe',
      'center-for-politik-og-organisation',
    ]);
    for (const c of centres) expect(seedText).toContain(c.name);
  });

  it.each(expected)('$area: tovholder $lead', ({ area: id, lead, involved }) => {
    const { centres, areas } = loaded();
    const name = (centreId: string) => centres.find((c) => c.id === centreId)?.name;
    const a = areas.find((x) => x.id === id);
    expect(name(a?.organisation.lead ?? '')).toBe(lead);
    expect(a?.organisation.involved.map(name)).toEqual(involved);
    // the strategy's own organisation text names the tovholder and every centre involved
    for (const centre of [lead, ...involved]) expect(a?.organisation.text.join(' ')).toContain(centre);
    // each indicator is owned by the area's tovholder
    expect(new Set(a?.indicators.map((ind) => name(ind.owner)))).toEqual(new Set([lead]));
  });
});

describe("indicator settings follow the strategy's wording", () => {
  const indicators = () =>
    loaded().areas.flatMap((a) => a.indicators.map((ind) => ({ ind, intro: a.measurement.intro.join(' ') })));

  it('expresses a gap as a ratio exactly where the strategy says "set i forhold til"', () => {
    for (const { ind } of indicators().filter(({ ind }) => ind.kind === 'gap'))
      expect(ind.gapMeasure, ind.id).toBe(
        /set i forhold til/i.test(ind.measurement) ? 'ratio' : 'difference',
      );
  });

  it('compares with Danish origin where the strategy says "dansk oprindelse", else with everyone else', () => {
    for (const { ind, intro } of indicators().filter(({ ind }) => ind.kind === 'gap')) {
      const basis = /dansk oprindelse/i.test(`${intro} ${ind.measurement}`) ? 'danish-origin' : 'others';
      expect(ind.comparisonGroup?.basis, ind.id).toBe(basis);
    }
  });

  it('asks for parity on sanctions only', () => {
    expect(
      indicators()
        .filter(({ ind }) => ind.direction === 'parity')
        .map(({ ind }) => ind.id),
    ).toEqual(['sanktionering']);
  });

  it('links the five measures the Integrationsbarometer has', () => {
    expect(
      indicators()
        .filter(({ ind }) => ind.nationalMeasure)
        .map(({ ind }) => ind.nationalMeasure),
    ).toEqual(['2.1', '2.2', '2.3', '3.1', '3.3']);
  });
});
