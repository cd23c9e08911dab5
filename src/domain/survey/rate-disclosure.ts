// Response rates shown to those who may not see each organisation's answer state (editors and readers): a group
// of fewer than three recipients would show whether its one or two organisations have answered, so its counts
// are hidden; when that leaves exactly one group of a table hidden, the smallest other group is hidden with it,
// so the hidden counts do not follow from the total minus the groups shown. A round of fewer than three
// recipients hides its total too. Pure.

/** The fewest recipients a group's answered and begun counts are shown for. */
export const MIN_RATE_GROUP = 3;

/** For each group, whether its counts are hidden; `total` is the table's total number of recipients. */
export function hiddenRateGroups(
  groups: readonly { readonly recipients: number }[],
  total: number,
  min: number = MIN_RATE_GROUP,
): boolean[] {
  if (total < min) return groups.map(() => true);
  const hidden = groups.map((g) => g.recipients < min);
  if (hidden.filter(Boolean).length === 1) {
    let smallest = -1;
    groups.forEach((g, i) => {
      if (!hidden[i] && (smallest < 0 || g.recipients < (groups[smallest]?.recipients ?? Infinity)))
        smallest = i;
    });
    if (smallest >= 0) hidden[smallest] = true;
  }
  return hidden;
}

/** Whether a round's total counts are hidden. */
export function totalHidden(recipients: number, min: number = MIN_RATE_GROUP): boolean {
  return recipients > 0 && recipients < min;
}
