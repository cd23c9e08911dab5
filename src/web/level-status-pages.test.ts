// What a reader sees for the bundled strategy's level and count indicators: a status sentence with its
// interval on the indicator page, never "måler ikke et gab", and area summaries in words that fit them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { seedBundledDataset } from '../service/bundled-dataset.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await seedBundledDataset(t.database);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

/** The visible text of a page: no tags, scripts or styles, whitespace folded. */
function text(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\s+/g, ' ');
}

const page = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode).toBe(200);
  return text(res.body);
};

describe('level and count indicators of the bundled strategy', () => {
  it('gives a count a status with the conditional Poisson interval', async () => {
    const body = await page(`/strategier/${ballerupId}/indikatorer/brugere-af-fvu-dansk-og-sprogtilbud`);
    expect(body).not.toContain('måler ikke et gab');
    expect(body).toMatch(/Status: (I den ønskede retning|I den forkerte retning|Ingen klar ændring)/);
    expect(body).toMatch(
      /konfidensinterval: [+−-]?\d+ % til [+−-]?\d+ %, antallene betragtet som Poisson-fordelte/,
    );
    expect(body).not.toMatch(/undefined|NaN|\[object Object\]/);
  });

  it('gives a share a status with its change in percentage points and Newcombe interval', async () => {
    const body = await page(`/strategier/${ballerupId}/indikatorer/danskproeve-inden-5-aar`);
    expect(body).not.toContain('måler ikke et gab');
    expect(body).toMatch(
      /Fra [\d,]+ % \(2021\) til [\d,]+ % \(\d{4}\): en ændring på [+−-]?[\d,]+ pct\.point/,
    );
    expect(body).toMatch(/95 %-konfidensinterval: [+−-]?[\d,]+ pct\.point til [+−-]?[\d,]+ pct\.point/);
    expect(body).not.toMatch(/undefined|NaN|\[object Object\]/);
  });

  it('says plainly that a level without a baseline has none, in English too', async () => {
    const da = await page(`/strategier/${ballerupId}/indikatorer/aktiviteter-med-mangfoldig-deltagelse`);
    expect(da).toContain('Strategien angiver ingen basisperiode');
    expect(da).not.toContain('måler ikke et gab');
    const en = await page(
      `/strategier/${ballerupId}/indikatorer/brugere-af-fvu-dansk-og-sprogtilbud?lang=en`,
    );
    expect(en).toMatch(/the counts taken as Poisson/);
  });

  it('answers the assessment API with the level status and its interval', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/indicators/brugere-af-fvu-dansk-og-sprogtilbud/assessment',
    });
    expect(res.statusCode).toBe(200);
    const data = res.json().data;
    expect(['improving', 'worsening', 'no-clear-change']).toContain(data.status);
    expect(data.change.method).toBe('poisson-conditional');
    expect(data.change.interval).toHaveLength(2);
  });

  it('words area summaries by the statuses they have, and "1 indsats" in the singular', async () => {
    const body = await page(`/strategier/${ballerupId}`);
    expect(body).not.toMatch(/\b0 (lukkes|øges|uden)/);
    expect(body).not.toMatch(/\b1 indsatser\b|\b1 målinger\b/);
    expect(body).not.toMatch(/undefined|NaN/);
  });

  it('explains on the method page how levels and counts are judged', async () => {
    const body = await page('/metode');
    expect(body).toContain('Niveauer, antal og ja/nej');
    expect(body).toContain('Poisson');
    expect(body).toContain('Grøn:');
  });
});
