// Two strategies may give an indicator the same id: each is its own indicator, and every page, link, download
// and API call of either answers with that strategy's indicator, never with an error or the other's figures.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile, repoRoot, startTestApp, type TestApp } from '../../test/support/app.ts';
import { shareObservation } from '../../test/support/observations.ts';
import { decodeEntities, visibleText } from '../../test/support/page-text.ts';
import { systemActor } from '../domain/access/index.ts';
import { importObservations } from '../service/observations.ts';

const sharedId = 'ledige-efter-13-uger';
const ballerup = 'ballerup-integrationsstrategi-2021-2023';
const second = 'eksempelby-politiske-maal';

let t: TestApp;

beforeAll(async () => {
  // The second strategy's wellbeing share, renamed to the id of one of the bundled strategy's indicators.
  const text = readFileSync(
    path.join(repoRoot, 'test', 'fixtures', 'strategies', `${second}.yaml`),
    'utf8',
  ).replaceAll('trivsel-andel', sharedId);
  expect(text).toContain(`id: ${sharedId}`);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'shared-id-')), `${second}.yaml`);
  writeFileSync(file, text);
  t = await startTestApp([ballerupFile, file]);
  const ctx = { database: t.database, actor: systemActor, now: () => new Date('2026-03-01T12:00:00Z') };
  await importObservations(
    ctx,
    {
      source: 'file',
      table: 'trivsel',
      fileName: 'trivsel.csv',
      retrievedAt: new Date('2026-03-01T12:00:00Z'),
      note: 'indberettet af kommunen',
    },
    [
      // The second strategy's level: one group in its own area.
      ...['2023', '2024'].map((period, i) => share('999', period, 'target', [1400, 1560][i] as number, 2000)),
      // The bundled strategy's gap: both groups in Ballerup.
      ...['2022', '2023'].flatMap((period) => [
        share('151', period, 'target', 120, 400),
        share('151', period, 'comparison', 300, 1500),
      ]),
    ].map((observation, i) => ({ line: i + 1, observation })),
  );
}, 180_000);
afterAll(async () => t?.close());

const share = (area: string, period: string, group: string, numerator: number, denominator: number) =>
  shareObservation({ series: sharedId, area, period, group, numerator, denominator });

const get = (url: string) => t.app.inject({ method: 'GET', url });

/** The links of a page that lead to the shared indicator, its downloads or the API. */
function indicatorLinks(html: string): string[] {
  return [
    ...new Set(
      [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)]
        .map((m) => decodeEntities(m[1] as string).split('#')[0] as string)
        .filter((u) => u.startsWith('/') && (u.includes(`/${sharedId}`) || u.includes(`=${sharedId}`))),
    ),
  ];
}

describe.each([
  {
    strategy: ballerup,
    title: 'Stadig på ydelse 13 uger efter ledighed',
    other: 'Andel elever med høj trivsel',
  },
  {
    strategy: second,
    title: 'Andel elever med høj trivsel',
    other: 'Stadig på ydelse 13 uger efter ledighed',
  },
])('an indicator id both strategies use, on $strategy', ({ strategy, title, other }) => {
  it('has its own page, with that strategy’s indicator', async () => {
    const res = await get(`/strategier/${strategy}/indikatorer/${sharedId}`);
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain(title);
    expect(text).not.toContain(other);
  });

  it('answers every link of the page to the indicator, its downloads and the API, with its own figures', async () => {
    const page = await get(`/strategier/${strategy}/indikatorer/${sharedId}`);
    const links = indicatorLinks(page.body);
    expect(links.length).toBeGreaterThan(2);
    for (const link of links) {
      const res = await get(link);
      expect(res.statusCode, link).toBe(200);
      if (/json|api/.test(link)) expect(res.body, link).not.toContain(other);
    }
  });

  it('gives the strategy’s own indicator in the API', async () => {
    const res = await get(`/api/v1/strategies/${strategy}`);
    expect(res.statusCode).toBe(200);
    const body = JSON.stringify(res.json());
    expect(body).toContain(title);
    expect(body).not.toContain(other);
  });
});
