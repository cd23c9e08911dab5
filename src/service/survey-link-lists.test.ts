// Link lists made once, on both databases: an offer kept as a hash, made once even by eight posts at once with
// the same value (one issue, one audit entry, the others told it is made), a value of another round, an unknown
// or day-old one making nothing, a reader refused, how many of a list's links still work after a newer list, and
// the round focus areas a round's questionnaire gives.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor, type Actor } from '../domain/access/index.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { ForbiddenError } from './errors.ts';
import { loadDefinitionFile } from './strategies.ts';
import { latestLinkList, linkListState, makeLinkList, offerLinkList } from './survey-link-lists.ts';
import { roundScope } from './survey-scope.ts';
import { getSurveyRound, importRecipients, lookupLink, openSurveyRound } from './surveys.ts';

const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const reader: Actor = { kind: 'user', id: 'oeu@ballerup.dk', roles: ['reader'], origin: '10.0.0.2' };
const baseUrl = 'https://pejlemaerke.ballerup.dk';
const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

describe.each(testDatabases)('printed link lists on $name', ({ open }) => {
  let database: Database;
  let clock = new Date('2026-03-05T09:00:00Z');
  const ctx = (actor: Actor = admin) => ({ database, actor, now: () => clock });
  const rounds = { main: '', other: '' };

  beforeAll(async () => {
    database = await open();
    await loadDefinitionFile(ctx(cliActor('tester')), ballerupFile);
    for (const k of ['main', 'other'] as const) {
      rounds[k] = (
        await openSurveyRound(ctx(), {
          questionnaire: 'boligsocial-deltagelse',
          opens: '2026-01-01',
          closes: '2099-12-31',
        })
      ).round.id;
      await importRecipients(
        ctx(),
        rounds[k],
        Buffer.from(
          'organisation,type,area,contact,email\nA,afdeling,151,Ane,a@x.dk\nB,afdeling,151,Bo,b@x.dk\n',
        ),
        'r.csv',
      );
    }
  }, 120_000);
  afterAll(async () => database?.close());

  it('gives a round the focus areas of the indicators its questionnaire feeds', async () => {
    const scope = await roundScope(database, await getSurveyRound(database, rounds.main));
    expect(scope.areas).toEqual([{ id: 'boligsociale-faellesskaber', title: expect.any(String) as string }]);
  });

  it('makes a list once, however many posts carry its value at the same time', async () => {
    const nonce = await offerLinkList(ctx(), rounds.main);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await sql<{ j: string }>`select row_to_json(l)::text as j from survey_link_list l`.execute(
      database.db,
    );
    expect(stored.rows.length).toBeGreaterThan(0);
    for (const r of stored.rows) expect(r.j).not.toContain(nonce);
    const audits = async () => (await listAudit(database.db, 500)).filter((a) => a.action === 'survey.links');
    const before = (await audits()).length;
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        makeLinkList(ctx(), rounds.main, { nonce, baseUrl, reissue: true, byName: 'Anne Admin' }),
      ),
    );
    const issued = outcomes.filter((o) => o.state === 'issued');
    expect(issued).toHaveLength(1);
    expect(outcomes.filter((o) => o.state === 'made')).toHaveLength(7);
    expect((await audits()).length).toBe(before + 1);
    const first = issued[0];
    if (first?.state !== 'issued') throw new Error('no list');
    expect(first.issue.issued).toHaveLength(2);
    for (const i of first.issue.issued)
      expect((await lookupLink(database, tokenOf(i.link), clock)).state).toBe('open');
    const state = await linkListState(database, rounds.main, nonce, clock);
    expect(state).toMatchObject({ state: 'made', working: 2, list: { made: { byName: 'Anne Admin' } } });

    // A newer list replaces the links: the first one then says none of its links work.
    clock = new Date('2026-03-05T09:30:00Z');
    const next = await makeLinkList(ctx(), rounds.main, {
      nonce: await offerLinkList(ctx(), rounds.main),
      baseUrl,
      reissue: true,
    });
    expect(next.state).toBe('issued');
    expect(await linkListState(database, rounds.main, nonce, clock)).toMatchObject({ working: 0 });
    expect((await latestLinkList(database, rounds.main))?.list.made?.at).toEqual(clock);
  });

  it('makes nothing for an unknown, another round’s or day-old value, nor for a reader', async () => {
    const other = await offerLinkList(ctx(), rounds.other);
    const stale = await offerLinkList(ctx(), rounds.main);
    clock = new Date(clock.getTime() + 25 * 60 * 60 * 1000);
    for (const nonce of ['A'.repeat(43), 'x', other, stale])
      expect((await makeLinkList(ctx(), rounds.main, { nonce, baseUrl, reissue: true })).state, nonce).toBe(
        'unknown',
      );
    // The day-old offer is deleted by the next one.
    await offerLinkList(ctx(), rounds.main);
    const left = await sql<{ n: string }>`select count(*)::text as n from survey_link_list
      where made_at is null and offered_at < ${new Date(clock.getTime() - 24 * 3600 * 1000)}`.execute(
      database.db,
    );
    expect(left.rows[0]?.n).toBe('0');
    await expect(offerLinkList(ctx(reader), rounds.main)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
