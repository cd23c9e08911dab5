// `npm run bench`: every performance figure of the project, each with its goal and the ratio to its anchor,
// measured in one run on this machine.
import os from 'node:os';
import { measureAssess } from './assess.ts';
import { measureImport } from './import.ts';
import { measurePage } from './page.ts';
import { measureRefresh } from './refresh.ts';
import { CHANGE_EVERY, measureReimport } from './reimport.ts';
import { measureReport } from './report.ts';
import { measureStartup } from './startup.ts';
import { measureSurvey, SURVEY_CLIENTS, SURVEY_SECONDS } from './survey.ts';

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (x: number) => `${Math.round(x)} ms`;
const seconds = (x: number) => `${x.toFixed(2)} s`;

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);

  if (want('startup')) {
    const s = await measureStartup(5);
    const anchor = median(s.anchorMs);
    const fig = (xs: readonly number[]) =>
      `median ${ms(median(xs))} (${(median(xs) / anchor).toFixed(1)}x the anchor); runs ${xs.map(ms).join(', ')}`;
    const cold = median(s.fresh.map((f) => f.firstPageMs));
    const warm = median(s.restart.map((f) => f.firstPageMs));
    console.log(
      `P4 startup: npm start (bin/pejlemaerke.js serve, the launcher's build of unchanged sources reused) to the first front page, embedded database, ${s.anchorMs.length} rounds; load average ${s.load[0].toFixed(1)} before, ${s.load[1].toFixed(1)} after`,
    );
    console.log(`  first start, fresh data directory:         ${fig(s.fresh.map((f) => f.firstPageMs))}`);
    console.log(`    front page with its figures (no notice): ${fig(s.fresh.map((f) => f.completePageMs))}`);
    console.log(`    every area's figures loaded:             ${fig(s.fresh.map((f) => f.allLoadedMs))}`);
    console.log(`  restart on the loaded directory:           ${fig(s.restart.map((f) => f.firstPageMs))}`);
    console.log(
      `    front page with its figures (no notice): ${fig(s.restart.map((f) => f.completePageMs))}`,
    );
    console.log(
      `  anchor, bare node:http server to first response: median ${ms(anchor)}; runs ${s.anchorMs.map(ms).join(', ')}`,
    );
    console.log(
      `  goals: first start ≤ 3000 ms: ${cold <= 3000 ? 'met' : 'NOT met'}; restart ≤ 1500 ms: ${warm <= 1500 ? 'met' : 'NOT met'}`,
    );
  }

  if (want('survey')) {
    const f = await measureSurvey();
    console.log(
      `survey answer form: answer-page posts (page checked and saved, 303), embedded database, ${SURVEY_CLIENTS} respondents at once for ${SURVEY_SECONDS} s, 127.0.0.1; load average ${f.load.toFixed(1)}`,
    );
    console.log(
      `  pejlemaerke POST /svar/<token>: ${Math.round(f.posts.perSecond)} posts/s, p99 ${f.posts.p99Ms} ms, ${f.posts.requests} requests, errors ${f.posts.errors}`,
    );
    console.log(
      `  anchor, GET / of the same server: ${Math.round(f.anchor.perSecond)} req/s, p99 ${f.anchor.p99Ms} ms, ${f.anchor.requests} requests, errors ${f.anchor.errors}`,
    );
    console.log(`  ratio to anchor ${(f.posts.perSecond / f.anchor.perSecond).toFixed(2)}`);
  }

  if (want('page')) {
    const f = await measurePage();
    if (f.app.errors > 0 || f.nginx.errors > 0)
      throw new Error('P3: a server answered with errors under load; the figures would not be of the page');
    const ratio = f.app.requestsPerSecond / f.nginx.requestsPerSecond;
    console.log(
      `P3 indicator page with chart (${Math.round(f.bytes / 1024)} KB), wrk, 10 connections for 10 s, 127.0.0.1; load average ${f.load.toFixed(1)}`,
    );
    console.log(
      `  pejlemaerke (embedded database): ${Math.round(f.app.requestsPerSecond)} req/s, p99 ${f.app.p99Ms} ms, errors ${f.app.errors}`,
    );
    console.log(
      `  anchor, nginx serving the same HTML as a static file: ${Math.round(f.nginx.requestsPerSecond)} req/s, p99 ${f.nginx.p99Ms} ms, errors ${f.nginx.errors}`,
    );
    console.log(
      `  ratio to anchor ${ratio.toFixed(3)} (goal ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'}); p99 goal < 50 ms: ${f.app.p99Ms < 50 ? 'met' : 'NOT met'}`,
    );
  }

  if (want('assess')) {
    const f = await measureAssess();
    const service = median(f.serviceSeconds);
    const anchor = median(f.sqlSeconds);
    const ratio = service / anchor;
    console.log(
      `P2 assessments: ${f.areas} municipalities × ${f.indicators} indicators × 40 periods × breakdowns (${f.observationRows.toLocaleString('en')} observation rows, imported in ${f.importSeconds.toFixed(1)} s), PostgreSQL; load average ${f.load.toFixed(1)}`,
    );
    console.log(
      `  pejlemaerke, every view at once (engine, breakdowns, disclosure): median ${seconds(service)}  runs ${f.serviceSeconds.map(seconds).join(', ')}; ${f.assessments.toLocaleString('en')} assessments, ${f.gaps.toLocaleString('en')} period gaps`,
    );
    console.log(`  pejlemaerke, one view at a time as pages ask (one run): ${seconds(f.perViewSeconds)}`);
    console.log(
      `  anchor, one hand-written SQL query for the same gaps: median ${seconds(anchor)}  runs ${f.sqlSeconds.map(seconds).join(', ')}; ${f.sqlRows.toLocaleString('en')} rows; every gap agrees`,
    );
    console.log(
      `  ratio to anchor ${ratio.toFixed(2)}x (goal ≤ 2x: ${ratio <= 2 ? 'met' : 'NOT met'}); goal ≤ 2 s: ${service <= 2 ? 'met' : 'NOT met'}`,
    );
  }

  if (want('refresh')) {
    const f = await measureRefresh(3);
    const cells = f.tables.reduce((n, t) => n + t.figures, 0);
    const refresh = median(f.refreshSeconds);
    const imported = median(f.importSeconds);
    const list = (xs: readonly number[]) => xs.map((x) => x.toFixed(2)).join(', ');
    console.log(
      `Refresh of the bundled strategy, every area (StatBank stand-in on 127.0.0.1, answers in the real shapes), PostgreSQL, ${f.refreshSeconds.length} run(s); load average ${(os.loadavg()[0] ?? 0).toFixed(1)}`,
    );
    console.log(
      `  tables: ${f.tables.map((t) => `${t.table} ${t.figures.toLocaleString('en')} cells as ${t.format}`).join(', ')}; computed: ${f.derived.map((d) => `${d.indicator} ${d.figures.toLocaleString('en')} figures`).join(', ')}`,
    );
    console.log(
      `  pejlemaerke refresh --source statbank (whole command: start-up, tableinfo, fetch, store, compute): median ${seconds(refresh)}, ${Math.round(cells / refresh).toLocaleString('en')} cells/s (runs ${list(f.refreshSeconds)} s); peak RSS ${f.refreshPeakRssMb.map((m) => `${Math.round(m)} MB`).join(', ')}`,
    );
    console.log(
      `  anchor, P1's path: import statbank of the same LIGEUB1 BULK answer as a file, ${f.importRows.toLocaleString('en')} rows: median ${seconds(imported)}, ${Math.round(f.importRows / imported).toLocaleString('en')} rows/s (runs ${list(f.importSeconds)} s; whole command with start-up ${list(f.importCommandSeconds)} s); peak RSS ${f.importPeakRssMb.map((m) => `${Math.round(m)} MB`).join(', ')}`,
    );
  }

  if (want('reimport')) {
    for (const engine of ['embedded', 'postgresql'] as const) {
      const f = await measureReimport(1_000_000, engine);
      const pick = (k: Exclude<keyof (typeof f.runs)[number], 'changedStored'>) => f.runs.map((r) => r[k]);
      const first = median(pick('firstSeconds'));
      const list = (xs: readonly number[]) => xs.map((x) => x.toFixed(2)).join(', ');
      const ratios = (k: Parameters<typeof pick>[0]) => f.runs.map((r) => r[k] / r.firstSeconds);
      const line = (label: string, k: Parameters<typeof pick>[0], goal?: number) => {
        const ratio = median(ratios(k));
        console.log(
          `  ${label}: median ${seconds(median(pick(k)))} (runs ${list(pick(k))} s); ${ratio.toFixed(2)}x the first import (runs ${list(ratios(k))})${goal === undefined ? '' : ` (goal ≤ ${goal}x: ${ratio <= goal ? 'met' : 'NOT met'})`}`,
        );
      };
      console.log(
        `P1 re-import: ${f.rows.toLocaleString('en')} FOLK1E-shaped BULK CSV rows, pejlemaerke import statbank, ${engine === 'embedded' ? 'embedded database (PGlite)' : 'PostgreSQL server'}, ${f.runs.length} runs, each into an empty database; load average ${f.load[0].toFixed(1)} before, ${f.load[1].toFixed(1)} after`,
      );
      console.log(
        `  anchor, first import of the file: median ${seconds(first)} (runs ${list(pick('firstSeconds'))} s)`,
      );
      line('the same file again, nothing stored', 'unchangedSeconds', 1.5);
      line(
        `about 1 % of the figures changed (one row in ${CHANGE_EVERY}), ${f.runs[0]?.changedStored.toLocaleString('en')} stored`,
        'changedSeconds',
      );
      line(
        'that file again, some keys now with two vintages, nothing stored',
        'unchangedAfterRevisionSeconds',
        1.5,
      );
    }
  }

  if (want('report')) {
    const f = await measureReport(3);
    const html = median(f.htmlSeconds);
    const pdf = median(f.pdfSeconds);
    const docx = median(f.docxSeconds);
    const list = (xs: readonly number[]) => xs.map((x) => x.toFixed(2)).join(', ');
    const kb = (n: number) => `${Math.round(n / 1024).toLocaleString('en')} KB`;
    console.log(
      `Evaluation report of the bundled strategy with its bundled figures${f.illustrative ? ' (illustrative figures among them)' : ''}, a frozen round, ${f.charts} charts, embedded database, ${f.pdfSeconds.length} runs; load average ${f.load[0].toFixed(1)} before, ${f.load[1].toFixed(1)} after`,
    );
    console.log(
      `  anchor, the report's HTML alone (data through the pins, model, hash check, layout): median ${seconds(html)} (runs ${list(f.htmlSeconds)} s)`,
    );
    console.log(
      `  PDF (Chromium started, HTML printed, tagged): median ${seconds(pdf)}, ${(pdf / html).toFixed(1)}x the anchor (runs ${list(f.pdfSeconds)} s); ${f.pdfPages} pages, ${kb(f.pdfBytes)} (goal ≤ 10 s: ${pdf <= 10 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `  Word document (charts as PNG by resvg${f.chartsMissing ? `: NOT drawn, ${f.chartsMissing}` : ''}): median ${seconds(docx)}, ${(docx / html).toFixed(1)}x the anchor (runs ${list(f.docxSeconds)} s); ${f.docxPages === undefined ? 'pages not counted (LibreOffice could not print it)' : `${f.docxPages} pages as LibreOffice Writer prints it`}, ${kb(f.docxBytes)} (goal ≤ 3 s: ${docx <= 3 ? 'met' : 'NOT met'})`,
    );
  }

  if (want('import')) {
    const sizes = process.argv.includes('--large') ? [1_000_000, 10_000_000] : [1_000_000];
    for (const rows of sizes) {
      const f = await measureImport(rows);
      const importSeconds = median(f.importSeconds);
      const copySeconds = median(f.copySeconds);
      const peak = Math.max(...f.peakRssMb);
      const ratio = copySeconds / importSeconds;
      const list = (xs: readonly number[]) => xs.map((x) => x.toFixed(2)).join(', ');
      console.log(
        `P1 import: ${rows.toLocaleString('en')} FOLK1E-shaped BULK CSV rows into PostgreSQL, ${f.importSeconds.length} runs each, alternating`,
      );
      console.log(
        `  pejlemaerke import statbank: median ${seconds(importSeconds)}, ${Math.round(rows / importSeconds).toLocaleString('en')} rows/s (runs ${list(f.importSeconds)} s; whole command with start-up ${list(f.commandSeconds)} s)`,
      );
      console.log(`  peak RSS of the command: ${f.peakRssMb.map((m) => `${Math.round(m)} MB`).join(', ')}`);
      console.log(
        `  anchor, psql \\copy of the same rows: median ${seconds(copySeconds)}, ${Math.round(rows / copySeconds).toLocaleString('en')} rows/s (runs ${list(f.copySeconds)} s)`,
      );
      console.log(
        `  ratio to anchor ${ratio.toFixed(2)} (goal ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'}); memory goal ≤ 256 MB: ${peak <= 256 ? 'met' : 'NOT met'}`,
      );
    }
  }
}

await main();
