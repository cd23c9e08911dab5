// Soft hyphens (U+00AD) at the joints of the long Danish compounds in the report's table headings. Debian's
// Chromium ships no hyphenation dictionaries, so `hyphens: auto` does nothing for `lang="da"` in the PDF (checked:
// a 60 px box with "sammenligningsgruppen" overflows with `lang="da"` as with `lang="en"`), and a narrow column
// of a nine-column table would otherwise push the table past the page's edge. A soft hyphen is invisible unless
// the line breaks there. Only joints between known word parts are used, so a break never falls inside a syllable
// that Danish would not split.

/** Word parts that start compounds: a long word may break after them (and before them). */
const PREFIXES = ['sammen', 'ungdoms', 'afgangs', 'videre'];

/**
 * Word parts a long word may break before, and after when a linking -s- follows (so that an inflected ending,
 * as in "indsatserne" or "strategiens", never goes to the next line on its own).
 */
const PARTS = [
  'ligning',
  'gruppe',
  'uddannelse',
  'område',
  'strategi',
  'beskæftigelse',
  'forsørgelse',
  'ydelse',
  'indsats',
  'ledighed',
  'baggrund',
  'størrelse',
  'befolkning',
  'integration',
  'deltag',
  'frekvens',
];

/** Breaks inside single parts that are long on their own: the part and where in it. */
const INSIDE: Readonly<Record<string, number>> = {
  størrelse: 4,
  uddannelse: 2,
  beskæftigelse: 6,
  befolkning: 2,
  forsørgelse: 3,
};

const MIN_LENGTH = 9;
/** Letters kept on each side of a break. */
const KEEP = 3;

function occurrences(lower: string, part: string): number[] {
  const at: number[] = [];
  for (let k = lower.indexOf(part); k >= 0; k = lower.indexOf(part, k + 1)) at.push(k);
  return at;
}

function hyphenateWord(word: string): string {
  if (word.length < MIN_LENGTH) return word;
  const lower = word.toLowerCase();
  const cuts = new Set<number>();
  const cut = (at: number) => {
    if (at >= KEEP && word.length - at >= KEEP) cuts.add(at);
  };
  for (const part of PREFIXES)
    for (const at of occurrences(lower, part)) {
      cut(at);
      cut(at + part.length);
    }
  for (const part of PARTS)
    for (const at of occurrences(lower, part)) {
      cut(at);
      if (lower[at + part.length] === 's') cut(at + part.length + 1);
    }
  // A break inside a part only where the part stands whole: at the word's edges or at a break.
  const edge = (k: number) => k === 0 || k === word.length || cuts.has(k);
  for (const [part, inside] of Object.entries(INSIDE))
    for (const at of occurrences(lower, part))
      if (edge(at) && (edge(at + part.length) || lower[at + part.length] === 's')) cut(at + inside);
  let out = '';
  for (let k = 0; k < word.length; k++) out += (cuts.has(k) ? '\u00ad' : '') + word[k];
  return out;
}

/** The text with soft hyphens in its long words. */
export function softHyphens(text: string): string {
  return text.replace(/\p{L}+/gu, hyphenateWord);
}
