// If-None-Match against the entity tag of the page that would be sent: lists, weak tags, `*`, and no header.
import { describe, expect, it } from 'vitest';
import { etagMatches } from './conditional-get.ts';

describe('etagMatches', () => {
  const tag = '"abc"';

  it('matches the same tag, weak or strong, alone or in a list', () => {
    expect(etagMatches('"abc"', tag)).toBe(true);
    expect(etagMatches('W/"abc"', tag)).toBe(true);
    expect(etagMatches('"x", W/"abc" ,"y"', tag)).toBe(true);
    expect(etagMatches(['"x"', '"abc"'], tag)).toBe(true);
    expect(etagMatches('*', tag)).toBe(true);
  });

  it('does not match another tag, a part of one, or no header', () => {
    expect(etagMatches(undefined, tag)).toBe(false);
    expect(etagMatches('', tag)).toBe(false);
    expect(etagMatches('"abcd"', tag)).toBe(false);
    expect(etagMatches('abc', tag)).toBe(false);
    expect(etagMatches('"x", "y"', tag)).toBe(false);
  });
});
