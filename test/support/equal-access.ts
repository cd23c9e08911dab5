// IBM Equal Access's rule engine (accessibility-checker-engine, Apache-2.0) run inside a page: a second engine
// beside axe-core, with rules of its own (form names, autocomplete pairs, landmarks). Its ace.js is a file of
// the npm package, needs no network, and is evaluated through the debugging protocol rather than added as a
// <script>, which the site's Content-Security-Policy ('self' only) would refuse.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const acePath = createRequire(import.meta.url).resolve('accessibility-checker-engine/ace.js');
let aceSource: string | undefined;

export type EqualAccessLevel =
  'violation' | 'potentialviolation' | 'recommendation' | 'potentialrecommendation' | 'manual';

export interface EqualAccessFinding {
  readonly ruleId: string;
  readonly reasonId: string;
  readonly level: EqualAccessLevel;
  readonly message: string;
  readonly path: string;
  readonly snippet: string;
}

/** Every finding that is not a pass, under the WCAG 2.1 (A and AA) rule set. */
export async function equalAccessCheck(page: Page): Promise<EqualAccessFinding[]> {
  aceSource ??= readFileSync(acePath, 'utf8');
  if (!(await page.evaluate(() => 'ace' in window))) await page.evaluate(`${aceSource};0`);
  return page.evaluate(inPage) as Promise<EqualAccessFinding[]>;
}

// Written as text, so no compiler helper (such as esbuild's `__name`) is added to the code sent to the page.
const inPage = `(async () => {
  const report = await new window.ace.Checker().check(document, ['WCAG_2_1']);
  const levelOf = ([kind, outcome]) =>
    outcome === 'MANUAL'
      ? 'manual'
      : (outcome === 'POTENTIAL' ? 'potential' : '') + (kind === 'VIOLATION' ? 'violation' : 'recommendation');
  return report.results
    .filter((r) => r.value[1] !== 'PASS' && r.value[0] !== 'INFORMATION')
    .map((r) => ({
      ruleId: r.ruleId,
      reasonId: String(r.reasonId),
      level: levelOf(r.value),
      message: r.message,
      path: r.path.dom,
      snippet: r.snippet,
    }));
})()`;
