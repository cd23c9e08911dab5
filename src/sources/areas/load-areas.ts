// Loading the registry from the bundled datasets: datasets/areas.csv, and the two real factor files the
// similarity rule reads (FOLK1A population on 2022-01-01 and the share of non-Danish origin for 2022Q1).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cellsToObservations } from '../statbank/index.ts';
import { packageRoot } from '../../platform/paths.ts';
import { immigrationShareQuarter, readFactorCsv } from './factors.ts';
import { readLabelledCsv } from './labelled-csv.ts';
import { AreaRegistryError, parseAreas } from './parse-areas.ts';
import { AreaRegistry } from './registry.ts';
import type { SimilarityProfile } from './similarity.ts';

/** The folder of bundled data files shipped with the package. */
export const bundledDatasetsDir = path.join(packageRoot, 'datasets');

export const AREAS_FILE = 'areas.csv';
export const POPULATION_FILE = 'dst/socioeconomic/folk1a_population_annual.csv';
export const IMMIGRATION_SHARE_FILE = 'dst/factors/immigration_share_pct.csv';

/** The reference of the similarity rule: FOLK1A on 2022-01-01 and the share measured at the same date. */
const SIMILARITY_POPULATION_PERIOD = '2022K1';
const SIMILARITY_SHARE_YEAR = 2022;

export interface LoadAreasOptions {
  /** The datasets folder; the bundled one by default. */
  readonly dir?: string;
  /** Also read the factor files for `similarMunicipalities`; true by default. */
  readonly withProfiles?: boolean;
}

export async function loadAreas(options: LoadAreasOptions = {}): Promise<AreaRegistry> {
  const dir = options.dir ?? bundledDatasetsDir;
  const areas = parseAreas(await readText(dir, AREAS_FILE), AREAS_FILE);
  if (options.withProfiles === false) return new AreaRegistry(areas);
  const plain = new AreaRegistry(areas);
  const [population, shares] = await Promise.all([
    readText(dir, POPULATION_FILE),
    readText(dir, IMMIGRATION_SHARE_FILE),
  ]);
  return new AreaRegistry(areas, similarityProfiles(plain, population, shares));
}

/** Population and share per municipality at the similarity reference date; every municipality must have both. */
export function similarityProfiles(
  registry: AreaRegistry,
  folk1aText: string,
  immigrationShareText: string,
): readonly SimilarityProfile[] {
  const read = readLabelledCsv(folk1aText, POPULATION_FILE, registry, FOLK1A_TOTALS_SPEC);
  if (read.rejected[0])
    throw new AreaRegistryError(
      `${POPULATION_FILE}:${read.rejected[0].line}: ${read.rejected[0].reason}`,
      [],
    );
  const population = new Map<string, number>();
  for (const o of cellsToObservations(read.cells, { table: 'FOLK1A' }).observations)
    if (o.period === SIMILARITY_POPULATION_PERIOD && o.value.kind === 'number')
      population.set(o.area, o.value.value);
  const share = new Map<string, number>();
  for (const f of readFactorCsv(immigrationShareText, IMMIGRATION_SHARE_FILE, registry))
    if (f.year === SIMILARITY_SHARE_YEAR && immigrationShareQuarter(f.year) === SIMILARITY_POPULATION_PERIOD)
      share.set(f.area, f.value);
  return registry.municipalities().map((m) => {
    const p = population.get(m.code);
    const s = share.get(m.code);
    if (p === undefined)
      throw new AreaRegistryError(
        `${POPULATION_FILE}: no population for ${m.code} ${m.nameDa} in 2022Q1`,
        [],
      );
    if (s === undefined)
      throw new AreaRegistryError(
        `${IMMIGRATION_SHARE_FILE}: no share for ${m.code} ${m.nameDa} in 2022`,
        [],
      );
    return { code: m.code, population: p, nonDanishPercent: s };
  });
}

/** FOLK1A as the dst-municipal file holds it: totals over sex, age and marital status (codes TOT, IALT, TOT). */
export const FOLK1A_TOTALS_SPEC = {
  areaVariable: 'OMRÅDE',
  codes: { KØN: { Total: 'TOT' }, ALDER: { 'Age, total': 'IALT' }, CIVILSTAND: { Total: 'TOT' } },
} as const;

async function readText(dir: string, file: string): Promise<string> {
  try {
    return await readFile(path.join(dir, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw problem(`${file}: ${code === 'ENOENT' ? 'no such file' : String(e)} (in ${dir})`);
  }
}

function problem(message: string): AreaRegistryError {
  return new AreaRegistryError(message, [message]);
}
