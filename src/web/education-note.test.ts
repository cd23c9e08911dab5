// The two education indicators' pages say what the figure counts and where it differs from the strategy's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the education indicators from LIGEUB1', () => {
  it.each([
    ['ungdomsuddannelse-20-24', 'et adgangsgivende forløb (H35)', 'mål 2.2'],
    ['videregaaende-uddannelse-25-39', 'aldersgrupperne 25-29, 30-34 og 35-39 lagt sammen', 'mål 2.3'],
  ])('%s shows its note on the page', async (id, own, measure) => {
    const res = await t.app.inject({ url: `/strategier/${ballerupId}/indikatorer/${id}` });
    expect(res.statusCode).toBe(200);
    const page = text(res.body);
    expect(page).toContain('Beregnet af Danmarks Statistiks LIGEUB1');
    expect(page).toContain(own);
    expect(page).toContain(
      `Integrationsbarometrets ${measure} tæller kun indvandrere ankommet som 0-12-årige`,
    );
    expect(page).toContain('Personer med uoplyst uddannelse (H90) er hverken i tæller eller nævner');
    expect(page).not.toMatch(/undefined|NaN|\{\{|\{%/);
  });
});
