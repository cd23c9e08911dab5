// The values of the `[Herkomst].[Herkomst]` breakdown → origin groups, stored as Danmarks Statistik's HERKOMST
// codes: one category keeps FOLK1E's code ("25"); a group is its codes joined by "+" ("24+25", all immigrants),
// because the exam cubes split origin only into Danish origin, immigrants and descendants.
import { folk1eOriginCodes, originOfCode } from '../../domain/observation/index.ts';
import type { OriginCategory } from '../../domain/strategy/index.ts';

const IMMIGRANTS: readonly OriginCategory[] = ['western-immigrant', 'non-western-immigrant'];
const DESCENDANTS: readonly OriginCategory[] = ['western-descendant', 'non-western-descendant'];

/** The labels read, each to its group. Any other value (also "Uoplyst" and totals) is refused. */
export const HERKOMST_GROUPS: Readonly<Record<string, readonly OriginCategory[]>> = {
  'Dansk oprindelse': ['danish'],
  'Personer med dansk oprindelse': ['danish'],
  Indvandrere: IMMIGRANTS,
  Indvandrer: IMMIGRANTS,
  Efterkommere: DESCENDANTS,
  Efterkommer: DESCENDANTS,
  'Indvandrere fra vestlige lande': ['western-immigrant'],
  'Efterkommere fra vestlige lande': ['western-descendant'],
  'Indvandrere fra ikke-vestlige lande': ['non-western-immigrant'],
  'Efterkommere fra ikke-vestlige lande': ['non-western-descendant'],
};

const codeOfCategory = new Map(
  Object.entries(folk1eOriginCodes)
    .filter(([, c]) => c !== 'all')
    .map(([code, c]) => [c, code]),
);

/** "Indvandrere" → "24+25"; "Dansk oprindelse" → "1"; undefined for a value not in the list. */
export function herkomstCodeOfValue(value: string): string | undefined {
  const group = HERKOMST_GROUPS[value.normalize('NFC').trim()];
  return group?.map((c) => codeOfCategory.get(c) as string).join('+');
}

/** The categories a stored HERKOMST code stands for: "24+25" → both immigrant categories. */
export function originsOfHerkomstCode(code: string): readonly OriginCategory[] | undefined {
  const categories = code.split('+').map(originOfCode);
  if (categories.some((c) => c === undefined || c === 'all')) return undefined;
  return categories as OriginCategory[];
}
