// What the report needs of a presented chart: the presenter gives each chart twice (a wide and a narrow SVG, the
// page choosing by its width); a printed report shows the wide one, and its title and description are the
// picture's text alternative.

/** The wide SVG of a chart (the first one when none says which it is). */
export function wideChartSvg(chart: string): string {
  const svgs = chart.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
  const wide = svgs.find((s) => /^<svg\b[^>]*\bclass="[^"]*\bchart-wide\b/.test(s)) ?? svgs[0];
  if (!wide) throw new Error('the presented chart holds no SVG');
  return wide;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The chart's <title> and <desc>, as plain text. */
export function chartText(svg: string): { readonly title: string; readonly description: string } {
  const title = /<title\b[^>]*>([\s\S]*?)<\/title>/.exec(svg)?.[1];
  const description = /<desc\b[^>]*>([\s\S]*?)<\/desc>/.exec(svg)?.[1];
  if (title === undefined) throw new Error('the chart has no title for its text alternative');
  return { title: unescape(title).trim(), description: unescape(description ?? '').trim() };
}

/** One sentence naming the chart and what it shows: its text alternative. */
export function chartAltText(svg: string): string {
  const { title, description } = chartText(svg);
  return description ? `${title}. ${description}` : title;
}

const escAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The wide chart for print: one image (`role="img"`) named by its text alternative (`aria-label`), its drawing
 * hidden from assistive technology (`aria-hidden` on a group around everything after the title and
 * description), so that a tagged PDF holds the chart as one Figure with its /Alt.
 */
export function printableChartSvg(chart: string): string {
  const svg = wideChartSvg(chart);
  const alt = chartAltText(svg);
  const open = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? '<svg>';
  const attributes = open
    .replace(/\s(?:aria-labelledby|aria-label|role)="[^"]*"/g, '')
    .replace(/^<svg\b/, `<svg role="img" aria-label="${escAttr(alt)}"`);
  const rest = svg.slice(open.length, -'</svg>'.length);
  const descEnd = rest.search(/<\/desc>/);
  const titleEnd = rest.search(/<\/title>/);
  const split = descEnd >= 0 ? descEnd + '</desc>'.length : titleEnd >= 0 ? titleEnd + '</title>'.length : 0;
  return `${attributes}${rest.slice(0, split)}<g aria-hidden="true">${rest.slice(split)}</g></svg>`;
}
