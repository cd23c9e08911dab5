// The indicator page says how a share computed across sources is made: the answers, the period rule, interval or
// no spread, the groups the source can only approximate, and counts without a denominator — in Danish and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const page = async (id: string, q = '') => {
  const r = await t.app.inject({ method: 'GET', url: `/strategier/${ballerupId}/indikatorer/${id}${q}` });
  expect(r.statusCode).toBe(200);
  // The definition list as text: tags dropped, white space folded.
  return r.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
};

describe('how a share across sources is computed, on its page', () => {
  it('names the Jobindsats tables, FOLK1E and the period rule for public support', async () => {
    const da = await page('offentlig-forsoergelse');
    expect(da).toContain('Beregning');
    expect(da).toContain(
      'Andelen beregnes som «Antal fuldtidspersoner» i Jobindsats-tabellerne Y01A02, Y36A02, Y38A02, Y35A02 (STAR) i forhold til befolkningen i FOLK1E (Danmarks Statistik)',
    );
    expect(da).toContain('et kvartals tal fra Jobindsats er gennemsnittet af kvartalets tre måneder');
    expect(da).toContain('Kvartaler, som kun den ene kilde har tal for, beregnes ikke.');
    const en = await page('offentlig-forsoergelse', '?lang=en');
    expect(en).toContain('How it is computed');
    expect(en).toContain('a quarter’s Jobindsats figure is the mean of its three months');
    for (const text of [da, en]) expect(text).not.toMatch(/combine\.|undefined|NaN|\{\w+\}/);
  });

  it('says the exam shares have no spread without the number of pupils, and how the target group is counted', async () => {
    const da = await page('karakter-skriftlig-dansk-og-matematik');
    expect(da).toContain('Andelen med mindst 2 efter herkomst fra kuben GS/KARA/KARADM');
    expect(da).toContain(
      'Kuben giver ikke antal elever: andelene vises uden spredning (ingen usikkerhedsinterval)',
    );
    expect(da).toContain(
      'målgruppen tælles her som Indvandrere fra vestlige lande, Indvandrere fra ikke-vestlige lande',
    );
    const en = await page('karakter-skriftlig-dansk-og-matematik', '?lang=en');
    expect(en).toContain('shown without spread (no uncertainty interval)');
    expect(en).not.toContain('Kuben');
  });

  it('says where Jobindsats gives counts without a denominator, and says nothing where no source is queried', async () => {
    expect(await page('virksomhedsrettede-tilbud')).toContain(
      'Jobindsats-tabellerne PTVC01 hentes, men giver kun antal uden en nævner',
    );
    expect(await page('valgdeltagelse')).not.toContain('Beregning');
  });
});
