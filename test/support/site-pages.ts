// The site's pages for browser checks: found by following links from a few starting pages, so a new page is
// checked as soon as something links to it. Downloads, the API and assets are not pages.

/** The comparison chooser is a form, not a link: its pages are listed here. */
const compared = '/strategier/ballerup-integrationsstrategi-2021-2023/indikatorer/ungdomsuddannelse-20-24';

export const startPages: readonly string[] = [
  '/',
  '/?lang=en',
  '/findes-ikke',
  '/findes-ikke?lang=en',
  '/datastatus',
  '/datastatus?lang=en',
  `${compared}?sammenlign=000`,
  `${compared}?lang=en&sammenlign=084`,
  `${compared}?sammenlign=`,
];

/** The page a link leads to, or undefined when it is no page of the site to check. */
export function pageOf(href: string): string | undefined {
  if (
    !href.startsWith('/') ||
    href.startsWith('//') ||
    href.startsWith('/api/') ||
    href.startsWith('/assets/') ||
    /\.(csv|xlsx)(\?|$)/.test(href)
  )
    return undefined;
  return href.split('#')[0] as string;
}

export interface Crawl {
  readonly start: readonly string[];
  readonly maxPages: number;
  /** Opens the page and checks it; gives back the links on it. */
  readonly visit: (url: string) => Promise<readonly string[]>;
}

/** Visits each page once, breadth first; returns the pages visited in order. */
export async function crawlSite({ start, maxPages, visit }: Crawl): Promise<string[]> {
  const queue = [...start];
  const seen = new Set(queue);
  const visited: string[] = [];
  while (queue.length > 0 && visited.length < maxPages) {
    const url = queue.shift() as string;
    visited.push(url);
    for (const href of await visit(url)) {
      const clean = pageOf(href);
      if (clean === undefined || seen.has(clean)) continue;
      // An older version renders with the same templates: check one such page, not the whole site again.
      if (clean.includes('version=') && [...seen].some((u) => u.includes('version='))) continue;
      seen.add(clean);
      queue.push(clean);
    }
  }
  return visited;
}
