// Properties over 10,000 random pairs of releases of one table, the earlier kept as it was published.
import { describe, expect, it } from 'vitest';
import { config, run } from '../../../test/support/joint-figures.ts';
import { twoReleases } from '../../../test/support/joint-shapes.ts';

describe('protectJointly over two releases of one table', () => {
  it(
    '(2–3 × 2–4, 0–3 cells revised): none pinned; every finding left is one the earlier release decided',
    { timeout: 240_000 },
    () => {
      const { figures, avoidable } = run('two releases', (r) => twoReleases(r, config), 20261208);
      expect(avoidable).toEqual([]);
      expect(figures.pinned).toBe(0);
      // What is left no pattern of the new table avoids (checked by hiding all it may hide), and it is rare.
      expect(figures.failing).toBe(figures.unavoidable);
      expect(figures.failing).toBeLessThan(figures.systems / 500);
      expect(figures.leakingAlone).toBeGreaterThan(0);
    },
  );
});
