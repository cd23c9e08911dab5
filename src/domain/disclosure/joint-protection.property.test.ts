// Properties over 10,000 random pairs of breakdowns of one total, protected and audited as one system.
import { describe, expect, it } from 'vitest';
import { run } from '../../../test/support/joint-figures.ts';
import { twoBreakdowns } from '../../../test/support/joint-shapes.ts';

describe('protectJointly over two breakdowns of one total', () => {
  it(
    '(2–6 values each, as sex and origin subgroup): none pinned, none narrower than its protection',
    { timeout: 240_000 },
    () => {
      const { figures, avoidable } = run('two breakdowns', twoBreakdowns, 20261207);
      expect(avoidable).toEqual([]);
      expect(figures.failing).toBe(0);
      expect(figures.pinned).toBe(0);
      expect(figures.narrowest).toBeGreaterThanOrEqual(5);
      // Each table protected on its own leaks jointly in some systems: the test would notice if it stopped.
      expect(figures.leakingAlone).toBeGreaterThan(0);
    },
  );
});
