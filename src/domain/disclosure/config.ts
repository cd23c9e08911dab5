// The disclosure rule's one setting: the smallest count that may be published (0 always may).

export interface DisclosureConfig {
  /** Counts from 1 to minCount − 1 are never published; a share needs minCount on each side. */
  readonly minCount: number;
  /**
   * The least width a reader's range for a hidden small count must keep (upper bound minus lower bound, from
   * everything published): unset, the threshold itself, so "hidden" never narrows to less than "from 1 to at
   * least 1 + minCount".
   */
  readonly protectionMinimum?: number;
  /** The width as a share of the hidden value, where that is more (the Handbook's p %); unset, 0.5. */
  readonly protectionShare?: number;
}

/** Danmarks Statistik's and most Danish authorities' threshold: fewer than 5 persons are not shown. */
export const DEFAULT_MIN_COUNT = 5;

/**
 * Below 3 a published table could show 1 or 2 persons, which identifies them or lets two persons identify each
 * other, so such a setting is refused rather than quietly applied.
 */
export const LOWEST_ALLOWED_MIN_COUNT = 3;

export const defaultDisclosureConfig: DisclosureConfig = { minCount: DEFAULT_MIN_COUNT };

export function disclosureConfig(
  input: {
    readonly minCount?: number;
    readonly protectionMinimum?: number;
    readonly protectionShare?: number;
  } = {},
): DisclosureConfig {
  const minCount = input.minCount ?? DEFAULT_MIN_COUNT;
  if (!Number.isInteger(minCount) || minCount < LOWEST_ALLOWED_MIN_COUNT)
    throw new RangeError(
      `invalid minCount: ${minCount} (expected a whole number of at least ${LOWEST_ALLOWED_MIN_COUNT}; ` +
        'a lower threshold would publish counts of 1 or 2 persons)',
    );
  const { protectionMinimum, protectionShare } = input;
  if (protectionMinimum !== undefined && (!Number.isInteger(protectionMinimum) || protectionMinimum < 1))
    throw new RangeError(
      `invalid protectionMinimum: ${protectionMinimum} (expected a whole number of at least 1)`,
    );
  if (protectionShare !== undefined && !(protectionShare >= 0 && protectionShare <= 1))
    throw new RangeError(`invalid protectionShare: ${protectionShare} (expected a proportion from 0 to 1)`);
  return {
    minCount,
    ...(protectionMinimum !== undefined && { protectionMinimum }),
    ...(protectionShare !== undefined && { protectionShare }),
  };
}

/** The width a reader's range for a hidden value v must keep: max(minimum, ⌈share × v⌉). */
export function protectionLevel(value: number, config: DisclosureConfig): number {
  const minimum = config.protectionMinimum ?? config.minCount;
  return Math.max(minimum, Math.ceil((config.protectionShare ?? 0.5) * value));
}

/** Primary suppression: a count from 1 to minCount − 1. Zero is published: it identifies no one. */
export function isSmallCount(value: number, config: DisclosureConfig): boolean {
  return value >= 1 && value < config.minCount;
}
