// A PDF's accessibility structure read through `qpdf --json` (every object parsed, object streams included), and
// the checks of PDF/UA-1 (ISO 14289-1) and WCAG 2.1 that can be made on that structure without a human:
// - the document is tagged (/MarkInfo /Marked true, a /StructTreeRoot with its /ParentTree) and says its
//   language (/Lang on the catalog);
// - it says the language expected of it, has a title that is not an address (/Title in the document
//   information; Chromium writes "about:blank" where the HTML has none) and viewers show the title, not the file name
//   (/ViewerPreferences /DisplayDocTitle true);
// - every page orders its tab stops by the structure (/Tabs /S), every font is embedded;
// - every Figure has a text alternative (/Alt, not empty);
// - the headings, in the structure tree's order, start with one H1 and never skip a level going down;
// - every table has header cells (TH), every TH a /Scope (Row, Column or Both), every row sits in a table;
// - every link annotation is in the structure (/StructParent) and says where it goes (/Contents).
// What it does not check is listed in ARCHITECTURE.md (content outside the tags, reading order against the
// page, colour contrast, the XMP metadata with the PDF/UA identifier, the meaning of the alternatives).
import { execFileSync } from 'node:child_process';

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
type Dict = { [key: string]: Value };

export interface PdfStructure {
  /** The structure types in the tree's order, depth first. */
  readonly types: readonly string[];
  /** H1…H6 in reading order, as numbers. */
  readonly headings: readonly number[];
  readonly figures: readonly { readonly alt: string | undefined }[];
  readonly tables: number;
  readonly headerCells: number;
  readonly problems: readonly string[];
}

const isDict = (v: Value | undefined): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
/** qpdf writes strings as "u:text" (Unicode) or "b:hex" (bytes), names as "/Name", references as "N 0 R". */
const textOf = (v: Value | undefined): string | undefined => {
  if (typeof v !== 'string') return undefined;
  if (v.startsWith('u:')) return v.slice(2);
  if (v.startsWith('b:')) return Buffer.from(v.slice(2), 'hex').toString('latin1');
  return undefined;
};

export interface StructureExpectations {
  /** The language the document must say it is in (Chromium writes its own locale where the HTML says none). */
  readonly lang?: string;
}

export function readPdfStructure(file: string, expect: StructureExpectations = {}): PdfStructure {
  const json = JSON.parse(
    execFileSync('qpdf', ['--json=2', '--json-key=qpdf', file], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    }),
  ) as { qpdf: [unknown, Record<string, { value?: Value; stream?: { dict: Dict } }>] };
  const objects = json.qpdf[1];
  const problems: string[] = [];
  const deref = (v: Value | undefined): Value | undefined => {
    if (typeof v === 'string' && / \d+ R$/.test(v)) {
      const o = objects[`obj:${v}`];
      return o?.value ?? o?.stream?.dict;
    }
    return v;
  };
  const all = Object.values(objects).map((o) => o.value ?? o.stream?.dict);
  const trailer = objects['trailer']?.value;
  const catalog = deref(isDict(trailer) ? trailer['/Root'] : undefined);
  if (!isDict(catalog)) throw new Error(`${file}: no document catalog`);
  const info = deref(isDict(trailer) ? trailer['/Info'] : undefined);

  const mark = deref(catalog['/MarkInfo']);
  if (!isDict(mark) || mark['/Marked'] !== true) problems.push('not marked as tagged (/MarkInfo /Marked)');
  const lang = textOf(deref(catalog['/Lang']));
  if (!lang) problems.push('no document language (/Lang)');
  else if (expect.lang !== undefined && lang !== expect.lang)
    problems.push(`the document says it is in ${lang}, not ${expect.lang} (/Lang)`);
  const title = isDict(info) ? textOf(deref(info['/Title'])) : undefined;
  if (!title?.trim()) problems.push('no document title (/Title)');
  // Chromium writes the page's address where the HTML has no <title>.
  else if (/^(?:about:|data:|file:|https?:)/.test(title))
    problems.push(`the document's title is an address (${title.slice(0, 40)}), not a title (/Title)`);
  const prefs = deref(catalog['/ViewerPreferences']);
  if (!isDict(prefs) || prefs['/DisplayDocTitle'] !== true)
    problems.push('viewers show the file name, not the title (/DisplayDocTitle)');

  let pageNo = 0;
  for (const o of all) {
    if (!isDict(o)) continue;
    if (o['/Type'] === '/Page' && o['/Tabs'] !== '/S')
      problems.push(`page ${++pageNo}: tab order not by structure (/Tabs /S)`);
    // A composite font is embedded through its descendant, a Type 3 font draws its glyphs in the file itself.
    if (o['/Type'] === '/Font' && o['/Subtype'] !== '/Type0' && o['/Subtype'] !== '/Type3') {
      const descriptor = deref(o['/FontDescriptor']);
      if (!isDict(descriptor) || !['/FontFile', '/FontFile2', '/FontFile3'].some((k) => k in descriptor))
        problems.push(`font ${String(o['/BaseFont'])} not embedded`);
    }
    if (o['/Type'] === '/Annot' && o['/Subtype'] === '/Link') {
      if (o['/StructParent'] === undefined) problems.push('a link outside the structure (/StructParent)');
      if (!textOf(deref(o['/Contents']))?.trim()) problems.push('a link without a description (/Contents)');
    }
  }

  const root = deref(catalog['/StructTreeRoot']);
  const types: string[] = [];
  const headings: number[] = [];
  const figures: { alt: string | undefined }[] = [];
  let tables = 0;
  let headerCells = 0;
  if (!isDict(root)) problems.push('no structure tree (/StructTreeRoot)');
  else {
    if (root['/ParentTree'] === undefined) problems.push('no /ParentTree in the structure tree');
    const seen = new Set<string>();
    const walk = (k: Value | undefined, parent: string | undefined, table: { th: number } | undefined) => {
      if (Array.isArray(k)) {
        for (const c of k) walk(c, parent, table);
        return;
      }
      if (typeof k === 'string' && / \d+ R$/.test(k)) {
        if (seen.has(k)) return;
        seen.add(k);
      }
      const e = deref(k);
      if (!isDict(e) || typeof e['/S'] !== 'string') return; // marked content, an MCR or an object reference
      const type = e['/S'].slice(1);
      types.push(type);
      const h = /^H([1-6])$/.exec(type);
      if (h) headings.push(Number(h[1]));
      if (type === 'Figure') figures.push({ alt: textOf(deref(e['/Alt']))?.trim() || undefined });
      if (type === 'TR' && !['Table', 'THead', 'TBody', 'TFoot'].includes(parent ?? ''))
        problems.push(`a table row (TR) inside ${parent ?? 'nothing'}`);
      if (type === 'TH') {
        headerCells++;
        if (table) table.th++;
        const attrs = deref(e['/A']);
        const list = (Array.isArray(attrs) ? attrs : [attrs]).map(deref);
        const scope = list.find((a) => isDict(a) && a['/Scope'] !== undefined);
        if (!isDict(scope) || !['/Row', '/Column', '/Both'].includes(String(scope['/Scope'])))
          problems.push('a header cell (TH) without /Scope');
      }
      if (type === 'Table') {
        tables++;
        const own = { th: 0 };
        walk(e['/K'], type, own);
        if (own.th === 0) problems.push(`table ${tables} has no header cells (TH)`);
        return;
      }
      walk(e['/K'], type, table);
    };
    walk(root['/K'], undefined, undefined);
  }
  figures.forEach((f, n) => f.alt || problems.push(`figure ${n + 1} has no text alternative (/Alt)`));
  if (headings[0] !== 1) problems.push(`the first heading is H${headings[0] ?? '(none)'}, not H1`);
  if (headings.filter((h) => h === 1).length > 1) problems.push('more than one H1');
  headings.forEach((h, n) => {
    const before = headings[n - 1];
    if (before !== undefined && h > before + 1) problems.push(`heading ${n + 1}: H${h} after H${before}`);
  });
  return { types, headings, figures, tables, headerCells, problems };
}
