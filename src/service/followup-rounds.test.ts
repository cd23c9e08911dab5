// Follow-up rounds on both databases: a past deadline only when confirmed, title and deadline corrected
// through the write gate with both versions in the audit log (not once the round is closed), a note
// corrected by a newer note that supersedes it while the old one stays (the table stays append-only and a
// note can point only to an earlier note of its own round and area), a stale correction refused, the
// people who answer for each area named, and the open rounds an area's tovholder must write in.
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../test/support/accounts.ts';
import { ballerupFile } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { systemActor, type Actor } from '../domain/access/index.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import type { InvalidInputError } from './errors.ts';
import { ConflictError, ForbiddenError } from './errors.ts';
import {
  addRoundNote,
  closeRound,
  openRound,
  openRoundsForArea,
  roundNotesOf,
  roundSummary,
  StaleNoteError,
  updateRound,
} from './followup-rounds.ts';
import { loadDefinitionFile } from './strategies.ts';

const strategy = 'ballerup-integrationsstrategi-2021-2023';
const labour: Actor = {
  kind: 'user',
  id: 'cfa@ballerup.dk',
  roles: ['editor'],
  centres: ['center-for-arbejdsmarked'],
  origin: '10.0.0.3',
};
const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const reader: Actor = { kind: 'user', id: 'oeu@ballerup.dk', roles: ['reader'], origin: '10.0.0.2' };

describe.each(testDatabases)('follow-up rounds on $name', ({ open }) => {
  let database: Database;
  const now = new Date('2022-06-10T09:00:00Z');
  const ctx = (actor: Actor) => ({ database, actor, now: () => now });

  beforeAll(async () => {
    database = await open();
    await loadDefinitionFile(ctx(systemActor), path.resolve(ballerupFile));
    await createUser(database, 'anne@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
    await createUser(database, 'bo@ballerup.dk', 'editor', [
      'center-for-arbejdsmarked',
      'center-for-boern-og-unge',
    ]);
    await createUser(database, 'admin@ballerup.dk', 'admin');
  });
  afterAll(async () => database.close());

  it('takes a past deadline only when confirmed, and corrects title and deadline with both in the log', async () => {
    const refused = await openRound(ctx(admin), strategy, { title: 'Gammel', deadline: '2000-01-01' }).catch(
      (e: unknown) => e,
    );
    expect((refused as InvalidInputError).details).toEqual(['deadline: inPast']);
    const round = await openRound(ctx(admin), strategy, {
      title: 'Gammel',
      deadline: '2000-01-01',
      confirmPast: true,
    });
    expect(round.deadline).toBe('2000-01-01');
    await expect(
      updateRound(ctx(labour), strategy, round.id, { title: 'x', deadline: '2022-07-01' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const long = await updateRound(ctx(admin), strategy, round.id, {
      title: 'x'.repeat(10_000),
      deadline: '2025-02-30',
    }).catch((e: unknown) => e);
    expect((long as InvalidInputError).details).toEqual(['title: tooLong', 'deadline: doesNotExist']);
    const fixed = await updateRound(ctx(admin), strategy, round.id, {
      title: 'Opfølgning 2022',
      deadline: '2022-06-30',
    });
    expect(fixed).toMatchObject({ title: 'Opfølgning 2022', deadline: '2022-06-30' });
    const entry = (await listAudit(database.db, 5)).find((a) => a.action === 'round.update');
    expect(entry).toMatchObject({
      actor: 'admin@ballerup.dk',
      subjectId: `${strategy}/${round.id}`,
      before: { title: 'Gammel', deadline: '2000-01-01' },
      after: { title: 'Opfølgning 2022', deadline: '2022-06-30' },
    });
    await closeRound(ctx(admin), strategy, round.id);
    await expect(
      updateRound(ctx(admin), strategy, round.id, { title: 'Efter', deadline: '2022-06-30' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('corrects a note with a newer one that supersedes it, keeps both, and refuses a stale correction', async () => {
    const round = await openRound(ctx(admin), strategy, { title: 'Rettelser', deadline: '2022-06-30' });
    const note = (body: string, supersedes?: string) =>
      addRoundNote(
        ctx(labour),
        strategy,
        round.id,
        'beskaeftigelse',
        { status: 'partly', body, supersedes },
        'Anne',
      );
    const first = await note('Første udgave', '');
    expect(first.supersedes).toBeNull();
    await expect(note('Ny uden at have set den første', '')).rejects.toBeInstanceOf(StaleNoteError);
    const second = await note('Rettet udgave', first.id);
    expect(second.supersedes).toBe(first.id);
    await expect(note('Rettelse af den gamle igen', first.id)).rejects.toBeInstanceOf(StaleNoteError);
    const third = await note('Uden id: retter den gældende');
    expect(third.supersedes).toBe(second.id);
    const { notes } = await roundNotesOf(ctx(reader), strategy, round.id, 'beskaeftigelse');
    expect(notes.map((n) => n.body)).toEqual([
      'Uden id: retter den gældende',
      'Rettet udgave',
      'Første udgave',
    ]);
    // Still append-only, and a note cannot supersede one of another area or be superseded twice.
    await expect(sql`update round_note set body = 'x'`.execute(database.db)).rejects.toThrow();
    await expect(sql`delete from round_note`.execute(database.db)).rejects.toThrow();
    const other = await addRoundNote(
      ctx(admin),
      strategy,
      round.id,
      'uddannelse',
      { status: 'on-track', body: 'U' },
      'A',
    );
    const insert = (supersedes: string) =>
      sql`insert into round_note (round_id, area_id, status, body, created_at, author, supersedes)
          values (${round.id}, 'beskaeftigelse', 'partly', 'x', now(), 'x', ${supersedes})`.execute(
        database.db,
      );
    await expect(insert(other.id)).rejects.toThrow();
    await expect(insert(first.id)).rejects.toThrow();
  });

  it('names the editors of each area’s lead centre, and lists the open rounds an area must write in', async () => {
    const round = await openRound(ctx(admin), strategy, { title: 'Navne', deadline: '2022-06-20' });
    const summary = await roundSummary(ctx(reader), strategy, round.id);
    expect(summary.responsibles.get('beskaeftigelse')).toEqual([
      { name: 'Test anne', email: 'anne@ballerup.dk' },
      { name: 'Test bo', email: 'bo@ballerup.dk' },
    ]);
    expect(summary.responsibles.get('demokratisk-dannelse')).toEqual([]);
    const open = await openRoundsForArea(ctx(reader), strategy, 'beskaeftigelse');
    expect(open.map((o) => [o.round.title, o.state])).toEqual([
      ['Navne', 'missing'],
      ['Rettelser', 'submitted'],
    ]);
    await expect(openRoundsForArea(ctx(reader), strategy, 'findes-ikke')).rejects.toThrow('focus area');
  });
});
