// Area names and comparison choices for the pages: DST's area registry, read once and kept.
import { loadAreas, type AreaRegistry } from '../sources/areas/index.ts';

let registry: Promise<AreaRegistry> | undefined;

function areas(): Promise<AreaRegistry> {
  registry ??= loadAreas();
  return registry;
}

/** code → name in the chosen language, for every area the registry knows; unknown codes keep their code. */
export async function areaNames(lang: 'da' | 'en'): Promise<(code: string) => string> {
  const r = await areas();
  return (code) => {
    const a = r.byCode(code);
    return a ? (lang === 'da' ? a.nameDa : a.nameEn) : code;
  };
}

/** The areas to compare a municipality with: itself, its region, the whole country and similar municipalities. */
export async function comparisonAreas(code: string, similar = 5): Promise<readonly string[]> {
  const r = await areas();
  const region = r.regionOf(code);
  const like =
    r.byCode(code)?.kind === 'municipality' ? r.similarMunicipalities(code, similar).map((a) => a.code) : [];
  return [...new Set([code, ...(region ? [region.code] : []), '000', ...like])];
}
