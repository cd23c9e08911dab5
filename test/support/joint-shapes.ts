// Random joint systems of the shapes the pages publish, from a seeded generator, for the property tests.
import type { JointMember } from '../../src/domain/disclosure/joint-protection.ts';
import { protectTable } from '../../src/domain/disclosure/protect-table.ts';
import type { DisclosureConfig } from '../../src/domain/disclosure/config.ts';
import type { CountTable } from '../../src/domain/disclosure/table.ts';
import { unchangedFigures } from '../../src/domain/disclosure/revision.ts';
import { mulberry32 } from '../../src/sources/illustrative/prng.ts';

/** A small seeded generator (mulberry32), so every run draws the same systems. */
export const seeded = mulberry32;

const between = (random: () => number, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

/** Counts as pages publish them: zeros, many small counts, moderate and some large ones. */
export function count(random: () => number): number {
  const r = random();
  if (r < 0.2) return 0;
  if (r < 0.55) return between(random, 1, 4);
  if (r < 0.9) return between(random, 5, 30);
  return between(random, 31, 500);
}

/** `parts` counts summing to `total`, each drawn as `count` draws them where it can be. */
function partition(random: () => number, total: number, parts: number): number[] {
  for (let attempt = 0; attempt < 20; attempt++) {
    const head = Array.from({ length: parts - 1 }, () => count(random));
    const last = total - head.reduce((s, v) => s + v, 0);
    if (last >= 0) return [...head, last];
  }
  const even = Array.from(
    { length: parts },
    (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0),
  );
  return even;
}

/**
 * A breakdown as `service/breakdown-disclosure.ts` makes it: two rows (with the trait, without) by the values,
 * the total's numerator, complement and size as margins, a value's numerator and complement hidden together,
 * and sometimes a category the breakdown leaves out as an unshown column.
 */
function breakdown(rows: readonly (readonly number[])[], rest: boolean): JointMember {
  const k = rows[0]?.length ?? 0;
  const together = [...Array(k + 1).keys()].map((j) => [[0, j] as const, [1, j] as const]);
  return {
    table: {
      cells: rows,
      together,
      ...(rest && { unshown: [[0, k - 1] as const, [1, k - 1] as const, [2, k - 1] as const] }),
    },
    shared: [
      [0, k, 'numerator'],
      [1, k, 'complement'],
      [2, k, 'size'],
    ],
  };
}

/** Two breakdowns of one total (sex and origin subgroup), 2–6 values each, sharing the total's figures. */
export function twoBreakdowns(random: () => number): JointMember[] {
  const ka = between(random, 2, 6);
  const kb = between(random, 2, 6);
  const a = [
    Array.from({ length: ka }, () => count(random)),
    Array.from({ length: ka }, () => count(random)),
  ];
  const withRest = random() < 0.25;
  const b = [0, 1].map((i) =>
    partition(
      random,
      (a[i] as number[]).reduce((s, v) => s + v, 0),
      kb,
    ),
  );
  return [breakdown(a, false), breakdown(b, withRest && kb > 2)];
}

/** Every figure equal in two tables of one shape: one figure to the reader. */
export const unchangedEntries = unchangedFigures;

/**
 * Two releases of a 2–3 × 2–4 table with every margin: the earlier as it was protected and published on its
 * own, the current with 0–3 cells revised; every figure equal in both is one figure to the reader.
 */
export function twoReleases(random: () => number, config: DisclosureConfig): JointMember[] {
  const rows = between(random, 2, 3);
  const columns = between(random, 2, 4);
  const earlier = Array.from({ length: rows }, () => Array.from({ length: columns }, () => count(random)));
  const current = earlier.map((r) => [...r]);
  const revised = between(random, 0, 3);
  for (let n = 0; n < revised; n++) {
    const i = between(random, 0, rows - 1);
    const j = between(random, 0, columns - 1);
    const row = current[i] as number[];
    let v = count(random);
    if (v === row[j]) v += 1;
    row[j] = v;
  }
  const before: CountTable = { cells: earlier };
  const after: CountTable = { cells: current };
  const shared = unchangedFigures(before, after);
  return [
    { table: before, shared, released: protectTable(before, config) },
    { table: after, shared },
  ];
}
