// Area names and comparison choices for the pages: DST's area registry, read once and kept.
import { loadAreas, type AreaRegistry } from '../sources/areas/index.ts';

let registry: Promise<AreaRegistry> | undefined;

function areas(): Promise<AreaRegistry> {
  registry ??= loadAreas();
  return registry;
}

/** Every area code the registry knows: what a strategy's benchmark may name. */
export async function knownAreaCodes(): Promise<ReadonlySet<string>> {
  return new Set((await areas()).areas.map((a) => a.code));
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

export interface AreaGroup {
  readonly group: 'country' | 'regions' | 'municipalities';
  readonly areas: readonly { readonly code: string; readonly name: string }[];
}

/**
 * Areas for a chooser: the country first, then the regions, then the municipalities, each group by name in
 * Danish alphabetical order (æ, ø, å last); codes the registry does not know go with the municipalities.
 */
export async function areaGroups(codes: readonly string[], lang: 'da' | 'en'): Promise<readonly AreaGroup[]> {
  const r = await areas();
  const collator = new Intl.Collator(lang === 'da' ? 'da' : 'en');
  const groups: Record<AreaGroup['group'], { code: string; name: string }[]> = {
    country: [],
    regions: [],
    municipalities: [],
  };
  for (const code of new Set(codes)) {
    const a = r.byCode(code);
    const group = a?.kind === 'country' ? 'country' : a?.kind === 'region' ? 'regions' : 'municipalities';
    groups[group].push({ code, name: a ? (lang === 'da' ? a.nameDa : a.nameEn) : code });
  }
  return (['country', 'regions', 'municipalities'] as const)
    .map((group) => ({
      group,
      areas: groups[group].sort((x, y) => collator.compare(x.name, y.name) || (x.code < y.code ? -1 : 1)),
    }))
    .filter((g) => g.areas.length > 0);
}
