// A published table's values: a count or a share that may be shown, or a suppressed value with its reason.

export interface PublishedCount {
  readonly kind: 'count';
  readonly value: number;
}

export interface PublishedShare {
  readonly kind: 'share';
  /** The share as a proportion from 0 to 1. */
  readonly value: number;
}

/**
 * primary: the count itself is too small (`threshold` is the configured minCount); secondary: hidden so a small
 * count cannot be narrowed down from the totals; share-rule: the share's numerator or its complement is too
 * small. The reason is for the system's own use: every one is shown as "..", so a reader cannot tell which
 * values are the small ones (see `display.ts`).
 */
export type Suppressed =
  | { readonly kind: 'suppressed'; readonly reason: 'primary'; readonly threshold: number }
  | { readonly kind: 'suppressed'; readonly reason: 'secondary' | 'share-rule' };

export type CountCell = PublishedCount | Suppressed;
export type ShareCell = PublishedShare | Suppressed;
export type Cell = PublishedCount | PublishedShare | Suppressed;
