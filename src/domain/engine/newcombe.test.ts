// Newcombe's hybrid score interval against the published examples (Stat Med 1998;17:873–890, method 10).
import { describe, expect, it } from 'vitest';
import { confidenceAt, newcombeDifference } from './index.ts';

const z = confidenceAt(0.95).z;

describe('newcombeDifference', () => {
  it.each([
    // Newcombe (1998b), Table II, examples (a)–(h), method 10, 95 % limits to 4 decimals.
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
    // Fagerland, Lydersen & Laake (2017), Perondi et al. (2004): 7/34 − 1/34.
    [7, 34, 1, 34, 0.0189, 0.3404],
    // Newcombe's two single-proportion examples set against each other (computed, not published).
    [81, 263, 15, 148, 0.1274, 0.2767],
  ])('%i/%i − %i/%i → %f to %f', (x1, n1, x2, n2, lower, upper) => {
    const d = newcombeDifference(x1, n1, x2, n2, z);
    expect(d.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 12);
    expect(d.lower).toBeCloseTo(lower, 4);
    expect(d.upper).toBeCloseTo(upper, 4);
  });

  it('is antisymmetric when the groups swap', () => {
    const a = newcombeDifference(56, 70, 48, 80, z);
    const b = newcombeDifference(48, 80, 56, 70, z);
    expect(b.lower).toBeCloseTo(-a.upper, 12);
    expect(b.upper).toBeCloseTo(-a.lower, 12);
  });
});
