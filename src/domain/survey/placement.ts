// Where each of a questionnaire's feeds goes among its indicator's figures. The indicator view reads a group's
// figure from dims { group } alone (`target`, and `comparison` for a gap), so for each indicator and group one
// feed is the indicator's own figure: the first whose rule gives the indicator's unit (a share from
// share-of-choices, a count from sum, a score or any other unit from mean). A level or count indicator has one
// group, so a feed over all organisations stands as its target group when it has no feed of its own for it.
// Every other feed is kept beside it under dims { group, question }, read by no view.
import type { IndicatorFeed } from './schema.ts';

/** What the placement needs to know of an indicator of the strategy. */
export interface FedIndicator {
  readonly id: string;
  readonly kind: string;
  /** A unit id ("share", "count", "score", …) or a free unit with its label. */
  readonly unit: string | { readonly label: string };
}

export interface FeedPlacement {
  readonly feed: IndicatorFeed;
  /** The dimensions its figures are stored under. */
  readonly dims: Readonly<Record<string, string>>;
  /** True when the figure is the indicator's own (what its page, status and downloads show). */
  readonly primary: boolean;
}

function ruleFits(rule: IndicatorFeed['rule'], unit: FedIndicator['unit']): boolean {
  if (unit === 'share') return rule === 'share-of-choices';
  if (unit === 'count') return rule === 'sum';
  return rule === 'mean';
}

/** The view's group a feed can stand for, in order of preference; none for a gap indicator's "all". */
function groupsFor(feedGroup: IndicatorFeed['group'], kind: string): readonly ('target' | 'comparison')[] {
  if (kind === 'gap') return feedGroup === 'all' ? [] : [feedGroup];
  return feedGroup === 'comparison' ? [] : ['target'];
}

/**
 * Each feed's placement, in the feeds' order. A feed naming an indicator the strategy does not have is kept
 * under its question only (the parser refuses such a feed when the strategy is loaded).
 */
export function placeFeeds(
  feeds: readonly IndicatorFeed[],
  indicators: readonly FedIndicator[],
): FeedPlacement[] {
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const taken = new Set<string>();
  const primaryOf = new Map<IndicatorFeed, 'target' | 'comparison'>();
  // A feed of the group itself goes before a feed over all organisations, whatever their order in the file.
  const ordered = [...feeds].sort((a, b) => Number(a.group === 'all') - Number(b.group === 'all'));
  for (const feed of ordered) {
    const ind = byId.get(feed.indicator);
    if (!ind || !ruleFits(feed.rule, ind.unit)) continue;
    const group = groupsFor(feed.group, ind.kind).find((g) => !taken.has(`${ind.id}\u0000${g}`));
    if (!group) continue;
    taken.add(`${ind.id}\u0000${group}`);
    primaryOf.set(feed, group);
  }
  return feeds.map((feed): FeedPlacement => {
    const group = primaryOf.get(feed);
    const dims: Record<string, string> = group ? { group } : { group: feed.group, question: feed.question };
    return { feed, dims, primary: group !== undefined };
  });
}
