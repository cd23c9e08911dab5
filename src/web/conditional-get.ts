// Conditional GET (RFC 9110, 13.1.2): whether an If-None-Match header names the entity tag of the page the
// server would send, so a 304 without the body can answer it. Weak comparison, as the standard asks for it.

export function etagMatches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const wanted = opaque(etag);
  for (const header of [ifNoneMatch].flat())
    for (const tag of header.split(',')) {
      const t = tag.trim();
      if (t === '*' || opaque(t) === wanted) return true;
    }
  return false;
}

/** The tag without the weakness marker, `W/"x"` → `"x"`. */
function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
