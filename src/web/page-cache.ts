// Rendered pages kept for anonymous visitors, whose pages are the same for everyone. Keys carry the content
// generation (imports and committed writes) and the strategy version, so a kept page is never stale; the
// oldest entries go first when the cache is full.
const maxEntries = 300;
const maxPageBytes = 512 * 1024;

export class PageCache {
  private readonly pages = new Map<string, string>();

  get(key: string): string | undefined {
    const html = this.pages.get(key);
    if (html === undefined) return undefined;
    // Most recently used last, so the first key is the one to drop.
    this.pages.delete(key);
    this.pages.set(key, html);
    return html;
  }

  set(key: string, html: string): void {
    if (html.length > maxPageBytes) return;
    this.pages.delete(key);
    this.pages.set(key, html);
    while (this.pages.size > maxEntries) this.pages.delete(this.pages.keys().next().value as string);
  }

  get size(): number {
    return this.pages.size;
  }
}
