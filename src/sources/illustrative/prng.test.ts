// The seeded generator: the same key gives the same numbers, different keys different ones, values in range.
import { describe, expect, it } from 'vitest';
import { hash32, mulberry32, rngFor } from './prng.ts';

describe('hash32 and mulberry32', () => {
  it('are fixed functions of their input: the reference mulberry32 sequence, pinned hashes', () => {
    // mulberry32 seeded with 42 starts 0.6011037519201636 in its reference implementation (bryc/code, PRNGs.md).
    const next = mulberry32(42);
    expect(next()).toBe(0.6011037519201636);
    expect([next(), next()]).toMatchInlineSnapshot(`
      [
        0.44829055899754167,
        0.8524657934904099,
      ]
    `);
    expect(['', 'FOLK1E|151|2021K2', 'FOLK1E|151|2021K3', 'pejlemærke'].map(hash32)).toMatchInlineSnapshot(`
      [
        2872998923,
        4156593729,
        2437962240,
        235676712,
      ]
    `);
  });
});

describe('rngFor', () => {
  it('repeats its sequence for the same key and differs for another', () => {
    const draw = (...key: string[]) => {
      const rng = rngFor(...key);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw('indicator', 'x', '151')).toEqual(draw('indicator', 'x', '151'));
    expect(draw('indicator', 'x', '151')).not.toEqual(draw('indicator', 'x', '153'));
  });

  it('draws uniforms in [0, 1), signed values in [−1, 1) and normals of mean 0 and spread 1', () => {
    const rng = rngFor('test');
    const u = Array.from({ length: 5000 }, () => rng.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const s = Array.from({ length: 5000 }, () => rng.signed());
    expect(Math.min(...s)).toBeGreaterThanOrEqual(-1);
    const z = Array.from({ length: 5000 }, () => rng.normal());
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(sd).toBeGreaterThan(0.95);
    expect(sd).toBeLessThan(1.05);
    expect(rng.between(3, 4)).toBeGreaterThanOrEqual(3);
  });
});
