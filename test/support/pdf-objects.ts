// A PDF's objects as text, for tests that read its structure tree: every Flate-compressed stream (object streams
// included, where Chromium keeps the structure elements) inflated and put beside the uncompressed rest.
import { inflateSync } from 'node:zlib';

export function pdfObjectText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [raw];
  const stream = /<<((?:(?!>>\s*stream)[\s\S])*?)>>\s*stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = stream.exec(raw)) !== null) {
    const start = m.index + m[0].length;
    const dict = m[1] ?? '';
    const length = /\/Length (\d+)(?!\s+\d+\s+R)/.exec(dict);
    const end = length ? start + Number(length[1]) : raw.indexOf('endstream', start);
    if (/\/FlateDecode/.test(dict))
      try {
        parts.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
      } catch {
        // Not every stream inflates on its own (an image with predictors does); the structure never is one.
      }
    stream.lastIndex = end;
  }
  return parts.join('\n');
}

/** How many structure elements of each type, and how many of them carry an /Alt. */
export function structureCounts(pdf: Buffer): { figures: number; alts: number; figuresWithAlt: number } {
  const text = pdfObjectText(pdf);
  const elements = text.match(/<<(?:(?!<<)[\s\S])*?\/S \/Figure\b[\s\S]*?>>/g) ?? [];
  return {
    figures: (text.match(/\/S \/Figure\b/g) ?? []).length,
    alts: (text.match(/\/Alt\s*[(<]/g) ?? []).length,
    figuresWithAlt: elements.filter((e) => /\/Alt\s*[(<]/.test(e)).length,
  };
}
