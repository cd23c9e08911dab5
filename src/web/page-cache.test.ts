// The kept pages: bytes as sent, an entity tag that follows the bytes, the least recently used dropped first.
import { describe, expect, it } from 'vitest';
import { keptPage, PageCache } from './page-cache.ts';

describe('keptPage', () => {
  it('keeps the UTF-8 bytes and tags them by content', () => {
    const page = keptPage('<p>Ærø – 5 %</p>');
    expect(page.body.toString('utf8')).toBe('<p>Ærø – 5 %</p>');
    expect(page.etag).toMatch(/^"[\w-]+"$/);
    expect(keptPage('<p>Ærø – 5 %</p>').etag).toBe(page.etag);
    expect(keptPage('<p>Ærø – 6 %</p>').etag).not.toBe(page.etag);
  });
});

describe('PageCache', () => {
  it('drops the least recently used page when full', () => {
    const cache = new PageCache();
    for (let i = 0; i < 300; i++) cache.set(`p${i}`, keptPage(String(i)));
    expect(cache.get('p0')?.body.toString()).toBe('0'); // now the most recently used
    cache.set('p300', keptPage('300'));
    expect(cache.size).toBe(300);
    expect(cache.get('p1')).toBeUndefined();
    expect(cache.get('p0')).toBeDefined();
  });

  it('does not keep a page too large to be worth it', () => {
    const cache = new PageCache();
    cache.set('big', keptPage('x'.repeat(600 * 1024)));
    expect(cache.get('big')).toBeUndefined();
  });
});
