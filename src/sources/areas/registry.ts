// The area registry: lookups by code and by name (Danish or DST's English label), the region of a municipality,
// the members of a region, and similar municipalities when the similarity profiles are loaded.
import type { Area } from './area.ts';
import { labelKey } from './parse-areas.ts';
import { rankBySimilarity, type SimilarityProfile } from './similarity.ts';

export class AreaRegistry {
  readonly #byCode: ReadonlyMap<string, Area>;
  readonly #byLabel: ReadonlyMap<string, Area>;
  readonly #profiles: readonly SimilarityProfile[] | undefined;

  constructor(
    readonly areas: readonly Area[],
    profiles?: readonly SimilarityProfile[],
  ) {
    this.#byCode = new Map(areas.map((a) => [a.code, a]));
    const byLabel = new Map<string, Area>();
    for (const a of areas) for (const label of [a.nameDa, a.nameEn]) byLabel.set(labelKey(label), a);
    this.#byLabel = byLabel;
    this.#profiles = profiles;
  }

  byCode(code: string): Area | undefined {
    return this.#byCode.get(code);
  }

  /** By the Danish name or DST's English label, ignoring case: "Copenhagen", "København", "høje-taastrup". */
  byLabel(label: string): Area | undefined {
    return this.#byLabel.get(labelKey(label));
  }

  /** The 98 municipalities, in code order. */
  municipalities(): readonly Area[] {
    return this.areas.filter((a) => a.kind === 'municipality');
  }

  regions(): readonly Area[] {
    return this.areas.filter((a) => a.kind === 'region');
  }

  /**
   * The areas that together make up the country: every municipality and every other area in a region
   * (Christiansø). DST's regional and national totals are the sums of these.
   */
  leaves(): readonly Area[] {
    return this.areas.filter((a) => a.region !== undefined);
  }

  /** The leaves of a region; for the country, every leaf. */
  membersOf(code: string): readonly Area[] {
    const area = this.#byCode.get(code);
    if (area?.kind === 'country') return this.leaves();
    return this.leaves().filter((a) => a.region === code);
  }

  regionOf(code: string): Area | undefined {
    const region = this.#byCode.get(code)?.region;
    return region === undefined ? undefined : this.#byCode.get(region);
  }

  /**
   * The n municipalities most like this one by population and share of non-Danish origin (see similarity.ts
   * for the rule). Needs the registry loaded with its profiles.
   */
  similarMunicipalities(code: string, n: number): readonly Area[] {
    if (!this.#profiles) throw new Error('the area registry was loaded without similarity profiles');
    if (this.#byCode.get(code)?.kind !== 'municipality')
      throw new RangeError(`${code} is not a municipality`);
    return rankBySimilarity(this.#profiles, code, n).map((c) => this.#byCode.get(c) as Area);
  }
}
