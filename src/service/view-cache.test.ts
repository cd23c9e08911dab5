// The view cache: one computation per key however many ask at once, the least recently used out first, and no
// failure kept.
import { describe, expect, it } from 'vitest';
import { ViewCache } from './view-cache.ts';

describe('ViewCache', () => {
  it('computes a key once, also for requests that arrive while it is being computed', async () => {
    const cache = new ViewCache<number>(10);
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 5));
      return 42;
    };
    const answers = await Promise.all([1, 2, 3].map(() => cache.getOrCompute('a', compute)));
    expect(answers).toEqual([42, 42, 42]);
    expect(runs).toBe(1);
  });

  it('keeps at most its capacity, dropping the least recently used', async () => {
    const cache = new ViewCache<string>(2);
    await cache.getOrCompute('a', async () => 'a');
    await cache.getOrCompute('b', async () => 'b');
    await cache.getOrCompute('a', async () => 'not used'); // a is now the most recent
    cache.put('c', 'c');
    expect(cache.size).toBe(2);
    expect(await cache.getOrCompute('a', async () => 'again')).toBe('a');
    expect(await cache.getOrCompute('b', async () => 'b again')).toBe('b again');
  });

  it('does not keep a failed computation', async () => {
    const cache = new ViewCache<string>(2);
    await expect(cache.getOrCompute('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.getOrCompute('a', async () => 'up')).toBe('up');
  });

  it('refuses a capacity that is not a positive whole number', () => {
    expect(() => new ViewCache(0)).toThrow('invalid capacity: 0');
  });
});
