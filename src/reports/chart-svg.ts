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
