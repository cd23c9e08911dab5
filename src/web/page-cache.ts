// Rendered pages kept for anonymous visitors, whose pages are the same for everyone. Each page is kept as the
// bytes it is sent as, with its entity tag, so a hit neither encodes nor hashes. Keys carry the content
// generation (imports and committed writes) and the strategy version, so a kept page is never stale; the
// oldest entries go first when the cache is full.
import { createHash } from 'node:crypto';

const maxEntries = 300;
const maxPageBytes = 512 * 1024;

export interface KeptPage {
  readonly body: Buffer;
  /** A strong entity tag: the same bytes give the same tag, in any process. */
  readonly etag: string;
}

export function keptPage(html: string): KeptPage {
  const body = Buffer.from(html, 'utf8');
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

export class PageCache {
  private readonly pages = new Map<string, KeptPage>();

  get(key: string): KeptPage | undefined {
    const page = this.pages.get(key);
    if (page === undefined) return undefined;
    // Most recently used last, so the first key is the one to drop.
    this.pages.delete(key);
    this.pages.set(key, page);
    return page;
  }

  set(key: string, page: KeptPage): void {
    if (page.body.length > maxPageBytes) return;
    this.pages.delete(key);
    this.pages.set(key, page);
    while (this.pages.size > maxEntries) this.pages.delete(this.pages.keys().next().value as string);
  }

  get size(): number {
    return this.pages.size;
  }
}
