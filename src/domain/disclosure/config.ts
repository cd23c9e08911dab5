// The disclosure rule's one setting: the smallest count that may be published (0 always may).

export interface DisclosureConfig {
  /** Counts from 1 to minCount − 1 are never published; a share needs minCount on each side. */
  readonly minCount: number;
}

/** Danmarks Statistik's and most Danish authorities' threshold: fewer than 5 persons are not shown. */
export const DEFAULT_MIN_COUNT = 5;

/**
 * Below 3 a published table could show 1 or 2 persons, which identifies them or lets two persons identify each
 * other, so such a setting is refused rather than quietly applied.
 */
export const LOWEST_ALLOWED_MIN_COUNT = 3;

export const defaultDisclosureConfig: DisclosureConfig = { minCount: DEFAULT_MIN_COUNT };

export function disclosureConfig(input: { readonly minCount?: number } = {}): DisclosureConfig {
  const minCount = input.minCount ?? DEFAULT_MIN_COUNT;
  if (!Number.isInteger(minCount) || minCount < LOWEST_ALLOWED_MIN_COUNT)
    throw new RangeError(
      `invalid minCount: ${minCount} (expected a whole number of at least ${LOWEST_ALLOWED_MIN_COUNT}; ` +
        'a lower threshold would publish counts of 1 or 2 persons)',
    );
  return { minCount };
}

/** Primary suppression: a count from 1 to minCount − 1. Zero is published: it identifies no one. */
export function isSmallCount(value: number, config: DisclosureConfig): boolean {
  return value >= 1 && value < config.minCount;
}
