// A survey round opened through the service on a bundled questionnaire, with recipients imported from a CSV
// and their personal links issued, for the answer form's tests. The links' tokens are returned.
import { cliActor } from '../../src/domain/access/index.ts';
import type { Database } from '../../src/store/database.ts';
import { importRecipients, issueLinks, openSurveyRound } from '../../src/service/surveys.ts';

export interface OpenedRound {
  readonly roundId: string;
  readonly tokens: readonly string[];
}

export async function openRoundWithLinks(
  database: Database,
  questionnaire: string,
  recipients: number,
  options: { readonly opens?: string; readonly closes?: string; readonly now?: Date } = {},
): Promise<OpenedRound> {
  const ctx = {
    database,
    actor: cliActor('tester'),
    now: () => options.now ?? new Date('2026-03-02T09:00:00Z'),
  };
  const { round } = await openSurveyRound(ctx, {
    questionnaire,
    opens: options.opens ?? '2026-03-01',
    closes: options.closes ?? '2026-03-31',
  });
  const lines = ['organisation;type;område;kontaktperson;e-mail'];
  for (let i = 1; i <= recipients; i++)
    lines.push(`Forening ${i};forening;151;Kontakt ${i};kontakt${i}@${questionnaire}.example.dk`);
  await importRecipients(ctx, round.id, Buffer.from(`${lines.join('\r\n')}\r\n`), 'modtagere.csv');
  const links = await issueLinks(ctx, round.id, { baseUrl: 'https://pejlemaerke.ballerup.dk' });
  return { roundId: round.id, tokens: links.issued.map((l) => l.link.slice(l.link.lastIndexOf('/') + 1)) };
}

/** Complete, valid answers to each bundled questionnaire, page by page, as the form posts them. */
export const validAnswers: Readonly<Record<string, readonly Record<string, string | string[]>[]>> = {
  'fvu-sprogtilbud': [
    {
      'q-tilbudstype': 'fvu-dansk',
      'q-brugere-i-alt': '40',
      'q-registrerer-herkomst': 'true',
      'q-brugere-ikke-vestlig': '25',
    },
  ],
  foreningsdemokrati: [
    {
      'q-bestyrelsesmedlemmer': '7',
      'q-kender-baggrund': 'true',
      'q-medlemmer-ikke-vestlig': 'ja',
      'q-antal-ikke-vestlig': '2',
    },
    { 'q-foreningstype': 'idraet', 'q-indsatser': ['direkte-invitation', 'flere-sprog'] },
  ],
  'boligsocial-deltagelse': [
    { 'q-rolle': 'andet', 'q-rolle-andet': 'Frivillig i beboerhuset' },
    { 'q-deltagelse-ikke-vestlig': '3', 'q-deltagelse-oevrige': '4', 'q-samme-grad': 'samme' },
    { 'q-antal-aktiviteter': '12', 'q-andel-mangfoldige': 'faa', 'q-bemaerkninger': 'Godt år – æøå.' },
  ],
};
