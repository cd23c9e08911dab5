// A survey round run through the service from start to published figures, for tests: opened on a bundled
// questionnaire, recipients imported from a CSV, links issued, each answering organisation's pages saved and
// submitted through its link, closed and published. Also a round only opened, with its links' tokens, and valid
// answers to each bundled questionnaire as the answer form posts them.
import { cliActor, type Actor } from '../../src/domain/access/index.ts';
import type { Database } from '../../src/store/database.ts';
import {
  closeSurveyRound,
  importRecipients,
  issueLinks,
  openSurveyRound,
  publishSurveyRound,
  saveAnswerPage,
  submitAnswer,
  type PublishOutcome,
} from '../../src/service/surveys.ts';

export interface RoundRun {
  readonly questionnaire: string;
  readonly name: string;
  /** The round's period, e.g. "2024". */
  readonly period: string;
  /** Each organisation: its name and, for those that answer, its answers page by page. */
  readonly organisations: readonly {
    readonly name: string;
    readonly pages?: readonly Readonly<Record<string, unknown>>[];
  }[];
  readonly minRespondents?: number;
}

const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const respondent: Actor = { kind: 'anonymous', id: 'anonymous', origin: '192.0.2.7' };

/** Runs the round in the year after its period (opens 1 March, answers on 5 March, closes 31 March). */
export async function runPublishedRound(
  database: Database,
  run: RoundRun,
  options: { readonly dir?: string } = {},
): Promise<PublishOutcome> {
  const year = Number(run.period.slice(0, 4)) + 1;
  const at = (day: string) => new Date(`${year}-03-${day}T09:00:00Z`);
  let clock = at('01');
  const ctx = (actor: Actor = admin) => ({ database, actor, now: () => clock });
  const { round } = await openSurveyRound(
    ctx(),
    {
      questionnaire: run.questionnaire,
      name: run.name,
      opens: `${year}-03-01`,
      closes: `${year}-03-31`,
      period: run.period,
    },
    options,
  );
  const lines = run.organisations.map(
    (o, i) => `${o.name};forening;151;Kontakt ${i + 1};kontakt${i + 1}@example.dk`,
  );
  await importRecipients(
    ctx(),
    round.id,
    Buffer.from(['organisation;type;område;kontaktperson;e-mail', ...lines].join('\r\n')),
    'modtagere.csv',
  );
  const links = await issueLinks(ctx(), round.id, { baseUrl: 'https://pejlemaerke.ballerup.dk' });
  clock = at('05');
  for (const [i, o] of run.organisations.entries()) {
    if (!o.pages) continue;
    const link = links.issued.find((l) => l.recipient.organisation === o.name)?.link ?? '';
    const token = link.slice(link.lastIndexOf('/') + 1);
    for (const [page, answers] of o.pages.entries())
      await saveAnswerPage(ctx(respondent), token, page, answers, { nextPage: page + 1 });
    await submitAnswer(ctx(respondent), token);
    clock = new Date(clock.getTime() + (i + 1) * 60_000);
  }
  clock = at('31');
  await closeSurveyRound(ctx(), round.id);
  return publishSurveyRound(ctx(), round.id, { minRespondents: run.minRespondents });
}

/** A housing association's answers to the bundled boligsocial-deltagelse questionnaire. */
export function boligsocialAnswers(
  target: number,
  others: number,
  diverse: 'ingen' | 'faa' | 'omkring-halvdelen' | 'de-fleste' | 'alle',
): Readonly<Record<string, unknown>>[] {
  return [
    { rolle: 'bestyrelse' },
    { 'deltagelse-ikke-vestlig': target, 'deltagelse-oevrige': others, 'samme-grad': 'mindre' },
    { 'antal-aktiviteter': 12, 'andel-mangfoldige': diverse },
  ];
}

/** An association's answers to the bundled foreningsdemokrati questionnaire. */
export function foreningAnswers(members: number, nonWestern: number): Readonly<Record<string, unknown>>[] {
  return [
    {
      bestyrelsesmedlemmer: members,
      'kender-baggrund': true,
      'medlemmer-ikke-vestlig': nonWestern > 0 ? 'ja' : 'nej',
      ...(nonWestern > 0 ? { 'antal-ikke-vestlig': nonWestern } : {}),
    },
    { foreningstype: 'idraet', indsatser: ['direkte-invitation'] },
  ];
}

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
