// The area registry as shipped: complete, with DST's codes and regions, every label of the dst-municipal files
// resolvable, and a file error that names file and line.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AreaRegistryError,
  bundledDatasetsDir,
  loadAreas,
  parseAreas,
  rankBySimilarity,
  readFactorCsv,
  readLabelledCsv,
  type AreaRegistry,
} from './index.ts';

let registry: AreaRegistry;
beforeAll(async () => {
  registry = await loadAreas();
});

describe('the area registry (datasets/areas.csv)', () => {
  it('holds the country, the five regions, the 98 municipalities and Christiansø, each code once', () => {
    const codes = registry.areas.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(registry.areas.filter((a) => a.kind === 'country').map((a) => a.code)).toEqual(['000']);
    expect(registry.regions().map((a) => `${a.code} ${a.nameDa}`)).toEqual([
      '081 Region Nordjylland',
      '082 Region Midtjylland',
      '083 Region Syddanmark',
      '084 Region Hovedstaden',
      '085 Region Sjælland',
    ]);
    expect(registry.municipalities()).toHaveLength(98);
    expect(registry.byCode('411')).toMatchObject({ nameDa: 'Christiansø', kind: 'other', region: '084' });
    expect(registry.areas).toHaveLength(1 + 5 + 98 + 1);
  });

  it('gives each region its municipalities: 11, 19, 22, 29 and 17', () => {
    const count = (r: string) => registry.membersOf(r).filter((a) => a.kind === 'municipality').length;
    expect(['081', '082', '083', '084', '085'].map(count)).toEqual([11, 19, 22, 29, 17]);
    expect(registry.membersOf('000')).toHaveLength(99);
  });

  it.each([
    ['101', 'København', '084'],
    ['147', 'Frederiksberg', '084'],
    ['151', 'Ballerup', '084'],
    ['400', 'Bornholm', '084'],
    ['411', 'Christiansø', '084'],
    ['253', 'Greve', '085'],
    ['607', 'Fredericia', '083'],
    ['621', 'Kolding', '083'],
    ['630', 'Vejle', '083'],
    ['410', 'Middelfart', '083'],
    ['615', 'Horsens', '082'],
    ['766', 'Hedensted', '082'],
    ['779', 'Skive', '082'],
    ['791', 'Viborg', '082'],
    ['751', 'Aarhus', '082'],
    ['773', 'Morsø', '081'],
    ['787', 'Thisted', '081'],
    ['851', 'Aalborg', '081'],
    ['860', 'Hjørring', '081'],
  ])('%s is %s in region %s', (code, name, region) => {
    expect(registry.byCode(code)).toMatchObject({ nameDa: name, region });
    expect(registry.regionOf(code)?.code).toBe(region);
  });

  it('finds areas by DST English label or Danish name, ignoring case', () => {
    expect(registry.byLabel('Copenhagen')?.code).toBe('101');
    expect(registry.byLabel('København')?.code).toBe('101');
    expect(registry.byLabel('høje-taastrup')?.code).toBe('169');
    expect(registry.byLabel('All Denmark')?.code).toBe('000');
    expect(registry.byLabel('Hele landet')?.code).toBe('000');
    expect(registry.byLabel(' Aarhus ')?.code).toBe('751');
    expect(registry.byLabel('Province Fyn')).toBeUndefined();
  });

  it('places every municipality in the region under whose heading AUK01 lists it', async () => {
    // AUK01 lists areas as a hierarchy: a region, then its provinces and municipalities. An independent check.
    const text = await readFile(
      path.join(bundledDatasetsDir, 'dst/socioeconomic/auk01_social_assistance.csv'),
      'utf8',
    );
    const labels = [
      ...new Set(
        text
          .split('\n')
          .slice(1)
          .map((l) => l.split(';')[0] ?? ''),
      ),
    ].filter(Boolean);
    let region: string | undefined;
    const wrong: string[] = [];
    for (const label of labels) {
      const area = registry.byLabel(label);
      if (area?.kind === 'region') region = area.code;
      else if (area?.kind === 'municipality' && area.region !== region) wrong.push(`${label} ${area.region}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('the labels of the dst-municipal files', () => {
  it('resolve to a code, except the provinces and non-areas the manifest declares', async () => {
    const manifest = JSON.parse(await readFile(path.join(bundledDatasetsDir, 'manifest.json'), 'utf8')) as {
      files: { path: string; labels?: { nonAreaLabels?: string[]; nonAreaLabelPattern?: string } }[];
    };
    const dstFiles = (await listCsv(path.join(bundledDatasetsDir, 'dst'))).map((f) =>
      path.relative(bundledDatasetsDir, f),
    );
    expect(dstFiles.length).toBeGreaterThanOrEqual(5);
    const unresolved = new Map<string, Set<string>>();
    for (const file of dstFiles) {
      const text = (await readFile(path.join(bundledDatasetsDir, file), 'utf8')).replace(/^\uFEFF/, '');
      const [header = '', ...lines] = text.split(/\r?\n/).filter(Boolean);
      const sep = header.includes(';') ? ';' : ',';
      const column = header.split(sep).findIndex((c) => ['OMRÅDE', 'BOPOMR', 'municipality'].includes(c));
      expect(column, file).toBeGreaterThanOrEqual(0);
      const spec = manifest.files.find((f) => f.path === file)?.labels;
      const declared = (label: string) =>
        (spec?.nonAreaLabels ?? []).includes(label) ||
        (spec?.nonAreaLabelPattern !== undefined && new RegExp(spec.nonAreaLabelPattern).test(label));
      for (const line of lines) {
        const label = line.split(sep)[column] ?? '';
        if (!registry.byLabel(label) && !declared(label))
          unresolved.set(file, (unresolved.get(file) ?? new Set()).add(label));
      }
    }
    expect(Object.fromEntries([...unresolved].map(([f, s]) => [f, [...s]]))).toEqual({});
  });

  it('are all three dozen of them: 98 municipalities, 5 regions, the country and Christiansø occur', async () => {
    const text = await readFile(
      path.join(bundledDatasetsDir, 'dst/socioeconomic/folk1am_population_by_municipality.csv'),
      'utf8',
    );
    const codes = new Set(
      text
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((l) => registry.byLabel(l.split(';')[0] ?? '')?.code),
    );
    expect([...codes].sort()).toEqual(registry.areas.map((a) => a.code).sort());
  });
});

describe('parseAreas', () => {
  const header = 'code;name_da;name_en;kind;region';
  const ok = [
    header,
    '000;Hele landet;All Denmark;country;',
    '084;Region Hovedstaden;Region Hovedstaden;region;',
  ];

  const problemsOf = (lines: readonly string[]) => {
    try {
      parseAreas(lines.join('\n'), 'areas.csv');
      return [];
    } catch (e) {
      expect(e).toBeInstanceOf(AreaRegistryError);
      return (e as AreaRegistryError).problems;
    }
  };

  it('reads a sound file', () => {
    const areas = parseAreas([...ok, '151;Ballerup;Ballerup;municipality;084', ''].join('\n'), 'areas.csv');
    expect(areas.map((a) => a.code)).toEqual(['000', '084', '151']);
    expect(areas[2]).toEqual({
      code: '151',
      nameDa: 'Ballerup',
      nameEn: 'Ballerup',
      kind: 'municipality',
      region: '084',
    });
  });

  it.each([
    [['151;Ballerup;Ballerup;municipality;'], "areas.csv:4: region: a municipality needs its region's code"],
    [['15;Ballerup;Ballerup;municipality;084'], 'areas.csv:4: code: expected a three-digit area code'],
    [['151;Ballerup;Ballerup;kommune;084'], 'areas.csv:4: kind:'],
    [['151;Ballerup;municipality;084'], 'areas.csv:4: expected 5 fields, found 4'],
    [
      ['151;Ballerup;Ballerup;municipality;085'],
      'areas.csv:4: region 085 of 151 is not a region in the file',
    ],
    [['084;Ballerup;Ballerup;municipality;084'], 'duplicate code 084'],
    [
      ['151;Ballerup;Ballerup;municipality;084', '153;Ballerup;Brøndby;municipality;084'],
      'the name "ballerup"',
    ],
    [
      ['081;Region Nordjylland;Region Nordjylland;region;084'],
      'areas.csv:4: region: a region lies in no region',
    ],
  ])('refuses %j naming file and line', (extra, expected) => {
    const problems = problemsOf([...ok, ...extra]);
    expect(problems.join('\n')).toContain(expected);
  });

  it('refuses a wrong header and reports every bad line, not only the first', () => {
    expect(problemsOf(['code,name_da,name_en,kind,region'])[0]).toBe('areas.csv:1: bad header');
    const problems = problemsOf([...ok, '1;a;a;municipality;084', '2;b;b;municipality;084']);
    expect(problems.filter((p) => p.includes('three-digit'))).toHaveLength(2);
  });

  it('names the file when it cannot be read', async () => {
    await expect(loadAreas({ dir: '/nonexistent' })).rejects.toThrow(/areas\.csv: no such file/);
  });
});

describe('similar municipalities', () => {
  it('are Ballerup’s nearest by population and non-Danish share, itself excluded', () => {
    const similar = registry.similarMunicipalities('151', 5).map((a) => `${a.code} ${a.nameDa}`);
    expect(similar).toEqual([
      '253 Greve',
      '210 Fredensborg',
      '173 Lyngby-Taarbæk',
      '167 Hvidovre',
      '190 Furesø',
    ]);
  });

  it('are always municipalities and never the area itself', () => {
    for (const m of registry.municipalities()) {
      const similar = registry.similarMunicipalities(m.code, 4);
      expect(similar).toHaveLength(4);
      expect(similar.every((a) => a.kind === 'municipality' && a.code !== m.code)).toBe(true);
    }
    expect(() => registry.similarMunicipalities('084', 3)).toThrow(/not a municipality/);
  });

  it('ranks by standardised distance with ties to the lower code', () => {
    const profiles = [
      { code: '100', population: 10_000, nonDanishPercent: 10 },
      { code: '300', population: 20_000, nonDanishPercent: 10 },
      { code: '200', population: 5_000, nonDanishPercent: 10 },
      { code: '400', population: 10_000, nonDanishPercent: 30 },
    ];
    // 200 and 300 are equally far from 100 on the log scale; 400 differs only in share, by one standard deviation.
    expect(rankBySimilarity(profiles, '100', 3)).toEqual(['200', '300', '400']);
    expect(() => rankBySimilarity(profiles, '999', 1)).toThrow(/no similarity profile/);
  });
});

describe('readLabelledCsv', () => {
  const csv = [
    'OMRÅDE;YDELSESTYPE;KØN;TID;INDHOLD',
    'All Denmark;Net unemployed;Total;2021Q1;100',
    'Province Fyn;Net unemployed;Total;2021Q1;7',
    'Copenhagen;Net unemployed;Total;2021Q1;40',
    'Atlantis;Net unemployed;Total;2021Q1;1',
    'Ballerup;Other benefit;Total;2021Q1;2',
    'Ballerup;Net unemployed;Men;2021Q1;3',
  ].join('\n');

  it('turns labels into codes, skips declared non-areas and refuses the rest line by line', () => {
    const r = readLabelledCsv(csv, 'auk.csv', registry, {
      areaVariable: 'OMRÅDE',
      constant: { YDELSESTYPE: 'Net unemployed' },
      codes: { KØN: { Total: 'TOT' } },
      nonAreaLabelPattern: /^Province /,
    });
    expect(r.cells.map((c) => c.coordinates)).toEqual([
      { OMRÅDE: '000', TID: '2021Q1', KØN: 'TOT' },
      { OMRÅDE: '101', TID: '2021Q1', KØN: 'TOT' },
    ]);
    expect(r.skipped).toBe(1);
    expect([...r.skippedAreaLabels]).toEqual(['Province Fyn']);
    expect(r.rejected).toEqual([
      { line: 5, reason: 'unknown area "Atlantis"' },
      { line: 6, reason: 'YDELSESTYPE is "Other benefit", expected "Net unemployed"' },
      { line: 7, reason: 'KØN "Men" has no code in the mapping' },
    ]);
  });

  it('skips unselected lines and refuses a column it has no plan for', () => {
    const selected = readLabelledCsv(csv, 'auk.csv', registry, {
      areaVariable: 'OMRÅDE',
      select: { OMRÅDE: ['Copenhagen'] },
      constant: { YDELSESTYPE: 'Net unemployed', KØN: 'Total' },
    });
    expect(selected.cells).toHaveLength(1);
    expect(selected.skipped).toBe(5);
    const unplanned = readLabelledCsv(csv, 'auk.csv', registry, { areaVariable: 'OMRÅDE' });
    expect(unplanned.rejected[0]?.reason).toBe('auk.csv: no mapping for the column(s) YDELSESTYPE, KØN');
  });
});

describe('readFactorCsv', () => {
  it('reads a factor file by label and names file and line of an unknown label', () => {
    const text = 'municipality,year,value\nBallerup,2022,18.86\nCopenhagen,2022,26.31\n';
    expect(readFactorCsv(text, 'f.csv', registry)).toEqual([
      { area: '151', year: 2022, value: 18.86 },
      { area: '101', year: 2022, value: 26.31 },
    ]);
    expect(() =>
      readFactorCsv('municipality,year,value\nBallerup,2022,1\nGotham,2022,2\n', 'f.csv', registry),
    ).toThrow('f.csv:3: unknown area "Gotham"');
  });
});

async function listCsv(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? listCsv(path.join(dir, e.name))
        : e.name.endsWith('.csv')
          ? [path.join(dir, e.name)]
          : [],
    ),
  );
  return nested.flat();
}
