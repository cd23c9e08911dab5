// Soft hyphens only at the joints of known word parts (at least three letters at each end of the word), never
// before an inflected ending, never in short words, invisible in the text's letters.
import { describe, expect, it } from 'vitest';
import { softHyphens } from './danish-hyphens.ts';

const shown = (s: string) => s.replace(/\u00ad/g, '|');

describe('softHyphens', () => {
  it('breaks long compounds at their joints', () => {
    expect(shown(softHyphens('sammenligningsgruppen'))).toBe('sammen|lignings|gruppen');
    expect(shown(softHyphens('Ungdomsuddannelse'))).toBe('Ungdoms|ud|dannelse');
    expect(shown(softHyphens('Gruppens størrelse'))).toBe('Gruppens stør|relse');
    expect(shown(softHyphens('Fokusområde'))).toBe('Fokus|område');
    expect(shown(softHyphens('Uddannelsesniveau'))).toBe('Uddannelses|niveau');
    expect(shown(softHyphens('Forsørgelsesgrundlag'))).toBe('For|sørgelses|grundlag');
    expect(shown(softHyphens('Langtidsledighed'))).toBe('Langtids|ledighed');
  });
  it('never breaks before an inflected ending', () => {
    for (const word of ['indsatserne', 'strategiens', 'integrationens', 'befolkningens', 'gruppernes'])
      expect(shown(softHyphens(word)), word).not.toMatch(/\|(?:erne|ens|ernes|en|ne|s)$/);
  });
  it('leaves short words and unknown words alone, and keeps every letter', () => {
    expect(softHyphens('Dataår Interval 2. kvt. 2021')).toBe('Dataår Interval 2. kvt. 2021');
    expect(softHyphens('borgere i Ballerup med ikke-vestlig baggrund')).toBe(
      'borgere i Ballerup med ikke-vestlig baggrund',
    );
    const long = 'Beskæftigelsesfrekvensen for ikke-vestlige indvandrere';
    expect(softHyphens(long).replace(/\u00ad/g, '')).toBe(long);
  });
});
