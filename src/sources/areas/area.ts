// An area as Danmarks Statistik codes it: the country (000), a region (081–085), a municipality (101–860) or an
// area DST lists that is none of these (Christiansø, 411). One row of datasets/areas.csv.
import { z } from 'zod';

export const areaKinds = ['country', 'region', 'municipality', 'other'] as const;
export type AreaKind = (typeof areaKinds)[number];

export interface Area {
  /** DST's three-digit code, e.g. "151". */
  readonly code: string;
  /** The Danish name as DST writes it, e.g. "København". */
  readonly nameDa: string;
  /** DST's English label, as the StatBank's English output and the dst-municipal files write it ("Copenhagen"). */
  readonly nameEn: string;
  readonly kind: AreaKind;
  /** The region a municipality (or other area) lies in; undefined for the country and the regions. */
  readonly region: string | undefined;
}

const code = z.string().regex(/^\d{3}$/, 'expected a three-digit area code');
const name = z.string().trim().min(1, 'expected a name').max(80);

/** One line of areas.csv, validated: the shape first, then the rules between kind and region. */
export const areaRowSchema = z
  .object({
    code,
    name_da: name,
    name_en: name,
    kind: z.enum(areaKinds),
    region: z.union([z.literal(''), code]),
  })
  .strict()
  .superRefine((row, ctx) => {
    const inRegion = row.kind === 'municipality' || row.kind === 'other';
    if (inRegion && row.region === '')
      ctx.addIssue({ code: 'custom', path: ['region'], message: `a ${row.kind} needs its region's code` });
    if (!inRegion && row.region !== '')
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: `a ${row.kind} lies in no region; leave it empty`,
      });
  })
  .transform((row): Area => ({
    code: row.code,
    nameDa: row.name_da,
    nameEn: row.name_en,
    kind: row.kind,
    region: row.region === '' ? undefined : row.region,
  }));

export const AREA_COLUMNS = ['code', 'name_da', 'name_en', 'kind', 'region'] as const;
