// The words that changed between two texts: the longest common run of words kept, the rest marked as removed
// or added, so a reader of a revised goal sees "flere unge [i job →] i job eller uddannelse" at a glance.

export interface WordSegment {
  readonly op: 'same' | 'removed' | 'added';
  readonly text: string;
}

/** Longer texts than this (in words, each side) are shown as replaced whole: the comparison grows as n × m. */
const MAX_WORDS = 2000;

/**
 * Splits both texts into words (with the spaces after them, so joining the segments gives the texts back) and
 * marks the words not in their longest common subsequence. Neighbouring words with the same mark are joined.
 */
export function diffWords(before: string, after: string): readonly WordSegment[] {
  const a = words(before);
  const b = words(after);
  if (a.length > MAX_WORDS || b.length > MAX_WORDS)
    return joined([
      { op: 'removed', text: before },
      { op: 'added', text: after },
    ]);
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs: Uint16Array[] = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as Uint16Array;
      const next = lcs[i + 1] as Uint16Array;
      row[j] = core(a[i]) === core(b[j]) ? (next[j + 1] ?? 0) + 1 : Math.max(next[j] ?? 0, row[j + 1] ?? 0);
    }
  const out: WordSegment[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (core(a[i]) === core(b[j])) {
      out.push({ op: 'same', text: b[j] as string });
      i++;
      j++;
    } else if ((lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))
      out.push({ op: 'removed', text: a[i++] as string });
    else out.push({ op: 'added', text: b[j++] as string });
  }
  while (i < a.length) out.push({ op: 'removed', text: a[i++] as string });
  while (j < b.length) out.push({ op: 'added', text: b[j++] as string });
  return joined(out);
}

function words(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [];
}

/** A word without the spaces after it: a word moved to the end of a line is the same word. */
function core(word: string | undefined): string {
  return (word ?? '').trimEnd();
}

function joined(segments: readonly WordSegment[]): WordSegment[] {
  const out: WordSegment[] = [];
  for (const s of segments) {
    if (s.text === '') continue;
    const last = out.at(-1);
    if (last && last.op === s.op) out[out.length - 1] = { op: s.op, text: last.text + s.text };
    else out.push(s);
  }
  return out;
}
