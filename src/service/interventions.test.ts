// Interventions and follow-up rounds on both databases: the 22 bullets seeded once, edits by the area's own
// centres only (not by another area's editor who changes an id), every refusal and change in the audit log,
// stale edits refused, notes appended and never rewritten, and the round overview saying who is late.
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { systemActor, type Actor } from '../domain/access/index.ts';
import type { InterventionForm } from '../domain/followup/index.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.ts';
import { addRoundNote, closeRound, listRoundSummaries, openRound, roundSummary } from './followup-rounds.ts';
import {
  addInterventionNote,
  archiveIntervention,
  createIntervention,
  getIntervention,
  interventionsForIndicator,
  listInterventions,
  readInterventionNotes,
  updateIntervention,
} from './interventions.ts';
import { loadDefinitionFile } from './strategies.ts';

const strategy = 'ballerup-integrationsstrategi-2021-2023';
const editorOf = (centre: string): Actor => ({
  kind: 'user',
  id: `${centre}@ballerup.dk`,
  roles: ['editor'],
  centres: [centre],
  origin: '10.0.0.3',
});
const labour = editorOf('center-for-arbejdsmarked');
const housing = editorOf('center-for-by-erhverv-og-miljoe');
const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const reader: Actor = { kind: 'user', id: 'oeu@ballerup.dk', roles: ['reader'], origin: '10.0.0.2' };

const form = (over: Partial<InterventionForm> = {}): InterventionForm => ({
  title: 'Jobmentorer i boligområderne',
  description: '',
  status: 'planned',
  leadCentre: 'center-for-arbejdsmarked',
  involvedCentres: [],
  startsOn: '2022-01-01',
  endsOn: '2023-12-31',
  indicatorIds: ['ledige-efter-13-uger'],
  ...over,
});

describe.each(testDatabases)('interventions and follow-up rounds on $name', ({ open }) => {
  let database: Database;
  let now = new Date('2022-06-01T09:00:00Z');
  const ctx = (actor: Actor) => ({ database, actor, now: () => now });

  beforeAll(async () => {
    database = await open();
    await loadDefinitionFile(ctx(systemActor), path.resolve(ballerupFile));
  });
  afterAll(async () => database.close());

  it('seeds one intervention per strategy bullet, once, with only what the strategy states', async () => {
    const all = await listInterventions(database, strategy);
    expect(all).toHaveLength(22);
    const perArea: Record<string, number> = {};
    for (const i of all) perArea[i.areaId] = (perArea[i.areaId] ?? 0) + 1;
    expect(perArea).toEqual({
      beskaeftigelse: 7,
      uddannelse: 4,
      'boligsociale-faellesskaber': 4,
      'demokratisk-dannelse': 7,
    });
    const first = all.find((i) => i.id === 'forloeb-paa-arbejdspladser');
    expect(first).toMatchObject({
      title: 'Deltagelse i forløb på arbejdspladser (praktik og løntilskud)',
      // The bundled strategy states no status, responsible centre, period or indicators per bullet.
      status: null,
      leadCentre: null,
      involvedCentres: [],
      startsOn: null,
      endsOn: null,
      indicatorIds: [],
      sourceItem: 'forloeb-paa-arbejdspladser',
    });
    const audit = await listAudit(database.db);
    expect(audit.some((a) => a.action === 'intervention.seed')).toBe(true);
    // Loading the same file again adds nothing and logs nothing new.
    const before = audit.length;
    await loadDefinitionFile(ctx(systemActor), path.resolve(ballerupFile));
    expect(await listInterventions(database, strategy)).toHaveLength(22);
    expect((await listAudit(database.db)).length).toBe(before);
    expect((await interventionsForIndicator(database, strategy, 'valgdeltagelse')).length).toBe(0);
  });

  it('creates an intervention for the editor’s own area, text stored as typed', async () => {
    const made = await createIntervention(
      ctx(labour),
      strategy,
      'beskaeftigelse',
      form({
        title: '<b>Jobmentorer</b> & «sprog»',
        description: 'Linje 1\r\nLinje 2',
        involvedCentres: ['center-for-by-erhverv-og-miljoe'],
      }),
    );
    expect(made).toMatchObject({
      areaId: 'beskaeftigelse',
      title: '<b>Jobmentorer</b> & «sprog»',
      description: 'Linje 1\nLinje 2',
      revision: 1,
      sourceItem: null,
    });
    expect(made.id).toMatch(/^indsats-[0-9a-f]{10}$/);
    expect((await listAudit(database.db))[0]).toMatchObject({
      action: 'area.edit',
      subjectType: 'intervention',
      subjectId: `${strategy}/${made.id}`,
    });
  });

  it('refuses bad forms field by field and stores nothing', async () => {
    const count = (await listInterventions(database, strategy)).length;
    const bad: [Partial<InterventionForm>, string][] = [
      [{ title: '   ' }, 'title: required'],
      [{ title: 'x'.repeat(401) }, 'title: tooLong'],
      [{ title: 'a\u0000b' }, 'title: controlCharacters'],
      [{ description: 'æ'.repeat(5001) }, 'description: tooLong'],
      [{ status: 'done' }, 'status: unknown (done)'],
      [{ leadCentre: 'center-for-nothing' }, 'leadCentre: unknown (center-for-nothing)'],
      [
        { involvedCentres: ['center-for-arbejdsmarked'] },
        'involvedCentres: sameAsLead (center-for-arbejdsmarked)',
      ],
      [{ startsOn: '2023-02-30' }, 'startsOn: doesNotExist'],
      [{ startsOn: '30-01-2023' }, 'startsOn: format'],
      [{ endsOn: '2021-12-31' }, 'endsOn: endBeforeStart'],
      [{ indicatorIds: ['no-such-indicator'] }, 'indicatorIds: unknown (no-such-indicator)'],
    ];
    for (const [over, detail] of bad) {
      const e = await createIntervention(ctx(labour), strategy, 'beskaeftigelse', form(over)).catch((x) => x);
      expect(e, detail).toBeInstanceOf(InvalidInputError);
      expect((e as InvalidInputError).details).toContain(detail);
    }
    await expect(createIntervention(ctx(labour), strategy, 'no-area', form())).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await listInterventions(database, strategy)).length).toBe(count);
  });

  it('refuses another area’s editor on every write, logs it, and changes nothing', async () => {
    const target = 'forloeb-paa-arbejdspladser';
    const before = await getIntervention(database, strategy, target);
    await expect(
      updateIntervention(ctx(housing), strategy, target, 1, form({ title: 'Kapret' })),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listAudit(database.db))[0]).toMatchObject({
      action: 'area.edit',
      outcome: 'refused',
      actor: housing.id,
      subjectId: `${strategy}/${target}`,
    });
    await expect(
      addInterventionNote(ctx(housing), strategy, target, { notedOn: '2022-05-01', body: 'x' }, 'Bo'),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(archiveIntervention(ctx(housing), strategy, target)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createIntervention(ctx(housing), strategy, 'beskaeftigelse', form())).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(createIntervention(ctx(reader), strategy, 'beskaeftigelse', form())).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await getIntervention(database, strategy, target))?.intervention).toEqual(before?.intervention);
  });

  it('updates with before and after in the log, and refuses a stale revision', async () => {
    const target = 'taet-opfoelgning';
    const updated = await updateIntervention(
      ctx(labour),
      strategy,
      target,
      1,
      form({ title: 'Tæt opfølgning', status: 'completed' }),
    );
    expect(updated).toMatchObject({ revision: 2, status: 'completed', title: 'Tæt opfølgning' });
    expect((await listAudit(database.db))[0]).toMatchObject({
      action: 'area.edit',
      before: expect.objectContaining({ status: null, leadCentre: null, title: 'Tæt opfølgning' }),
      after: expect.objectContaining({ status: 'completed' }),
    });
    await expect(
      updateIntervention(ctx(admin), strategy, target, 1, form({ title: 'Gammel udgave' })),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await getIntervention(database, strategy, target))?.intervention.title).toBe('Tæt opfølgning');
  });

  it('keeps dated notes, refuses impossible and future dates, and the database refuses rewriting them', async () => {
    const target = 'unge-i-fritidsjobs';
    const note = await addInterventionNote(
      ctx(labour),
      strategy,
      target,
      { notedOn: '2022-05-31', body: '<script>alert(1)</script> 12 unge i job' },
      'Anne',
    );
    expect(note).toMatchObject({ notedOn: '2022-05-31', body: '<script>alert(1)</script> 12 unge i job' });
    for (const [notedOn, detail] of [
      ['2022-02-29', 'notedOn: doesNotExist'],
      ['2022-06-02', 'notedOn: future'],
      ['', 'notedOn: required'],
    ] as const) {
      const e = await addInterventionNote(
        ctx(labour),
        strategy,
        target,
        { notedOn, body: 'x' },
        'Anne',
      ).catch((x) => x);
      expect((e as InvalidInputError).details).toContain(detail);
    }
    expect(await readInterventionNotes(ctx(reader), strategy, target)).toHaveLength(1);
    const anonymous: Actor = { kind: 'anonymous', id: 'anonymous', origin: 'x' };
    await expect(readInterventionNotes(ctx(anonymous), strategy, target)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(sql`update intervention_note set body = 'x'`.execute(database.db)).rejects.toThrow();
    await expect(sql`delete from intervention_note`.execute(database.db)).rejects.toThrow();
  });

  it('archives: gone from the lists, not seeded again, no more notes', async () => {
    const target = 'brug-af-sanktionering';
    await archiveIntervention(ctx(labour), strategy, target);
    expect((await listInterventions(database, strategy)).some((i) => i.id === target)).toBe(false);
    await loadDefinitionFile(ctx(systemActor), path.resolve(ballerupFile));
    expect((await listInterventions(database, strategy)).some((i) => i.id === target)).toBe(false);
    expect((await getIntervention(database, strategy, target))?.intervention.archivedAt).toBeInstanceOf(Date);
    await expect(archiveIntervention(ctx(labour), strategy, target)).rejects.toBeInstanceOf(ConflictError);
    await expect(
      addInterventionNote(ctx(labour), strategy, target, { notedOn: '2022-05-01', body: 'x' }, 'Anne'),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('runs a follow-up round: who is late, notes by the own area only, closed rounds take no notes', async () => {
    await expect(
      openRound(ctx(labour), strategy, { title: 'Runde', deadline: '2022-06-15' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    for (const [deadline, detail] of [
      ['2022-06-31', 'deadline: doesNotExist'],
      ['', 'deadline: required'],
      ['i morgen', 'deadline: format'],
    ] as const) {
      const e = await openRound(ctx(admin), strategy, { title: 'Runde', deadline }).catch((x) => x);
      expect((e as InvalidInputError).details).toContain(detail);
    }
    const round = await openRound(ctx(admin), strategy, {
      title: 'Opfølgning 1. halvår 2022',
      deadline: '2022-06-15',
    });
    now = new Date('2022-06-10T09:00:00Z');
    await addRoundNote(
      ctx(labour),
      strategy,
      round.id,
      'beskaeftigelse',
      { status: 'on-track', body: 'Godt på vej' },
      'Anne',
    );
    await expect(
      addRoundNote(
        ctx(labour),
        strategy,
        round.id,
        'boligsociale-faellesskaber',
        { status: 'partly', body: 'x' },
        'Anne',
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const e = await addRoundNote(
      ctx(labour),
      strategy,
      round.id,
      'beskaeftigelse',
      { status: 'fine', body: '' },
      'A',
    ).catch((x) => x);
    expect((e as InvalidInputError).details).toEqual(['status: unknown', 'body: required']);

    let summary = await roundSummary(ctx(reader), strategy, round.id);
    expect(summary.counts).toEqual({ submitted: 1, 'submitted-late': 0, missing: 3, late: 0 });

    now = new Date('2022-06-16T08:00:00Z');
    await addRoundNote(
      ctx(housing),
      strategy,
      round.id,
      'boligsociale-faellesskaber',
      { status: 'partly', body: 'Sent' },
      'Bo',
    );
    summary = await roundSummary(ctx(reader), strategy, round.id);
    expect(Object.fromEntries(summary.entries.map((x) => [x.areaId, x.state]))).toEqual({
      beskaeftigelse: 'submitted',
      uddannelse: 'late',
      'boligsociale-faellesskaber': 'submitted-late',
      'demokratisk-dannelse': 'late',
    });
    expect((await listRoundSummaries(ctx(reader), strategy))[0]?.round.id).toBe(round.id);
    await expect(roundSummary(ctx(reader), strategy, '99999')).rejects.toBeInstanceOf(NotFoundError);
    await expect(roundSummary(ctx(reader), strategy, '1 or 1=1')).rejects.toBeInstanceOf(NotFoundError);

    await closeRound(ctx(admin), strategy, round.id);
    await expect(
      addRoundNote(
        ctx(labour),
        strategy,
        round.id,
        'beskaeftigelse',
        { status: 'on-track', body: 'Efter' },
        'Anne',
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(closeRound(ctx(admin), strategy, round.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(sql`update round_note set body = 'x'`.execute(database.db)).rejects.toThrow();
  });
});
