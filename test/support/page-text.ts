// What a reader sees of a page, for crawls of the site: the visible text of its HTML, and what would be wrong in
// it — template leaks, code, raw timestamps, dotted codes, English words on a Danish page.
/**
 * Common English words that are not Danish words (or are so rare in Danish that a hit is English): one of them
 * as a word in Danish text is a finding. "for", "to", "by", "have", "under" and "over" are Danish words too, and left
 * out.
 */
const englishWords = new Set(
  (
    'the and of only may must not missing error errors column columns is are was were with without this that ' +
    'these those cannot invalid required should could would please unknown found has been which will ' +
    'from or an it its your you row rows value values figures page user users password login logout share ' +
    'gap file files upload download between because when where what who how there their they we our see ' +
    'more less than no yes none all any each every other such here into onto after before above below'
  ).split(' '),
);

/**
 * Proper names and unavoidable terms that contain a word of the list above: allowed in Danish text. Keep it
 * narrow: each entry is a whole phrase, not a word.
 */
const allowedPhrases: readonly RegExp[] = [
  // Names of formats and standards, written as their owners write them.
  /\bJSON-stat\b/g,
  /\bOpenID Connect\b/g,
];

/** Dotted words that are Danish abbreviations, not codes. */
const allowedDotted = new Set([
  'pct.point',
  'bl.a',
  'f.eks',
  'm.fl',
  'evt.',
  'ca.',
  'jf.',
  'inkl.',
  'ekskl.',
]);

const voidTags = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

export function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/**
 * The text a reader sees or hears: text nodes and the attributes read aloud or shown (alt, title, aria-label,
 * placeholder, an optgroup's label), outside scripts, styles and any element marked lang="en" (the language
 * switch, a library's English message shown as such).
 */
export function visibleText(html: string): string {
  const out: string[] = [];
  const stack: { tag: string; hidden: boolean }[] = [];
  const hidden = () => stack.some((e) => e.hidden);
  const token =
    /<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<(\/?)([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)/gi;
  for (const m of html.matchAll(token)) {
    const [, close, rawTag, attrs = '', text] = m;
    if (text !== undefined) {
      if (!hidden()) out.push(decodeEntities(text));
      continue;
    }
    if (!rawTag) continue;
    const tag = rawTag.toLowerCase();
    if (close) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at >= 0) stack.length = at;
      continue;
    }
    // English parts are read by the English check; code marked translate="no" (a questionnaire's JSON being
    // edited, in both its languages) is not prose at all.
    const english = /\blang="en"/.test(attrs) || /\btranslate="no"/.test(attrs);
    const raw = tag === 'script' || tag === 'style';
    if (!hidden() && !english)
      for (const a of attrs.matchAll(/\b(alt|title|aria-label|placeholder|label)="([^"]*)"/g))
        out.push(` ${decodeEntities(a[2] as string)} `);
    if (raw) {
      // Skip to the end of the element: its content is no markup.
      const end = html.indexOf(`</${tag}`, (m.index ?? 0) + m[0].length);
      token.lastIndex = end < 0 ? html.length : end;
      stack.push({ tag, hidden: true });
      continue;
    }
    if (!voidTags.has(tag) && !attrs.trimEnd().endsWith('/')) stack.push({ tag, hidden: english });
    out.push(' ');
  }
  return out.join('').replace(/\s+/g, ' ');
}

/** Every text of a strategy definition, longest first: removed from a page before it is read. */
export function strategyTexts(definition: unknown): string[] {
  const texts = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      const s = v.replace(/\s+/g, ' ').trim();
      if (s.length >= 3) texts.add(s);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(definition);
  return [...texts].sort((a, b) => b.length - a.length);
}

function around(text: string, index: number, length: number): string {
  return text.slice(Math.max(0, index - 40), index + length + 40).trim();
}

/** What is wrong with a page's text, each with some words around it. */
export function textProblems(text: string): { kind: string; text: string }[] {
  const found: { kind: string; text: string }[] = [];
  const add = (kind: string, re: RegExp) => {
    for (const m of text.matchAll(re)) found.push({ kind, text: around(text, m.index, m[0].length) });
  };
  add('template leak', /\bundefined\b|\bNaN\b|\bnull\b|\[object \w+\]|\{\{|\}\}|\{%|%\}/g);
  add('source code', /=>|\bfunction\s*\(/g);
  add('raw timestamp', /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/g);
  for (const m of text.matchAll(/(?<![\w@./-])([a-z][a-zA-Z]*(?:\.[a-z][a-zA-Z-]*)+)(?![\w@/-])/g)) {
    const word = m[1] as string;
    if (allowedDotted.has(word) || /\.(dk|com|org|net|eu|io)$/.test(word)) continue;
    found.push({ kind: 'dotted code', text: around(text, m.index, m[0].length) });
  }
  // A link's random token can hold any letters ("…/svar/an4R…"): links are not words.
  let danish = text.replace(/\bhttps?:\/\/\S+/g, ' ');
  for (const re of allowedPhrases) danish = danish.replace(re, ' ');
  for (const m of danish.matchAll(/\p{L}+/gu)) {
    const w = (m[0] as string).toLowerCase();
    if (englishWords.has(w))
      found.push({ kind: `English word "${w}"`, text: around(danish, m.index, w.length) });
  }
  return found;
}

/**
 * A page's text as a reader sees it, checked, with its white space run together. A Danish page must give
 * `textProblems` nothing; an English page (lang="en" as a whole, which `visibleText` leaves out as foreign
 * text) is read from its tags and must show no template leak. Throws, naming each problem and where it is.
 */
export function checkedPageText(html: string, lang: 'da' | 'en' = 'da'): string {
  const text = lang === 'da' ? visibleText(html) : decodeEntities(html.replace(/<[^>]*>/g, ' '));
  const problems =
    lang === 'da'
      ? textProblems(text)
      : [...text.matchAll(/\bundefined\b|\bNaN\b|\{\{|\{%/g)].map((m) => ({
          kind: 'template leak',
          text: around(text, m.index, m[0].length),
        }));
  if (problems.length > 0)
    throw new Error(
      `the page's text has ${problems.length} problem(s): ${JSON.stringify(problems, null, 1)}`,
    );
  return text.replace(/\s+/g, ' ');
}
