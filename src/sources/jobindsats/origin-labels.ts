// Jobindsats' origin labels (the `_oprinda` filter and the origin column) → Danmarks Statistik's HERKOMST codes,
// so figures by origin key on the same codes as FOLK1E and group by `originOfCode` like every other source.
import { folk1eOriginCodes } from '../../domain/observation/index.ts';
import type { OriginCategory } from '../../domain/strategy/index.ts';

/** The five labels STAR documents for `_oprinda`, each one origin category. */
export const JOBINDSATS_ORIGIN_LABELS: Readonly<Record<string, OriginCategory>> = {
  'Personer med dansk oprindelse': 'danish',
  'Indvandrere fra vestlige lande': 'western-immigrant',
  'Efterkommere fra vestlige lande': 'western-descendant',
  'Indvandrere fra ikke-vestlige lande': 'non-western-immigrant',
  'Efterkommere fra ikke-vestlige lande': 'non-western-descendant',
};

const codeOfCategory = new Map(
  Object.entries(folk1eOriginCodes)
    .filter(([, c]) => c !== 'all')
    .map(([code, c]) => [c, code]),
);

/** The HERKOMST code of a Jobindsats origin label ("Indvandrere fra ikke-vestlige lande" → "25"). */
export function herkomstCodeOfLabel(label: string): string | undefined {
  const category = JOBINDSATS_ORIGIN_LABELS[label.normalize('NFC').trim()];
  return category === undefined ? undefined : codeOfCategory.get(category);
}
