// The share rule: a share is published only when its numerator and its complement each reach the threshold.
import type { ShareCell } from './cell.ts';
import { defaultDisclosureConfig, type DisclosureConfig } from './config.ts';

export interface ShareCounts {
  readonly numerator: number;
  readonly denominator: number;
}

/**
 * A share of 2 in 40 tells that 2 persons have the trait; a share of 38 in 40 tells that 2 lack it. Both sides
 * must reach minCount. This also hides 0 % and 100 %: unlike a count of 0, a share of 0 % states something
 * about every person in the group (none of them has the trait), so it is held to the same rule.
 */
export function protectShare(
  share: ShareCounts,
  config: DisclosureConfig = defaultDisclosureConfig,
): ShareCell {
  const { numerator, denominator } = share;
  if (
    !Number.isSafeInteger(numerator) ||
    !Number.isSafeInteger(denominator) ||
    numerator < 0 ||
    numerator > denominator
  )
    throw new RangeError(`invalid share: ${numerator} of ${denominator}`);
  if (numerator < config.minCount || denominator - numerator < config.minCount)
    return { kind: 'suppressed', reason: 'share-rule' };
  return { kind: 'share', value: numerator / denominator };
}

export function protectShares(
  shares: readonly ShareCounts[],
  config: DisclosureConfig = defaultDisclosureConfig,
): ShareCell[] {
  return shares.map((s) => protectShare(s, config));
}
