// Notes on a focus area on both databases: the tovholder's centre and administrators write, others are
// refused (and logged); text is stored as typed; too long or with control characters is refused; and a
// stored note cannot be rewritten, even from outside the application.
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { systemActor, type Actor } from '../domain/access/index.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { addAreaNote, checkNoteBody, readAreaNotes } from './area-notes.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from './errors.ts';
import { loadDefinitionFile } from './strategies.ts';

const strategy = 'ballerup-integrationsstrategi-2021-2023';
// Beskæftigelse is led by Center for Arbejdsmarked; Uddannelse by Skoler (with Arbejdsmarked involved).
const editorOf = (centre: string): Actor => ({
  kind: 'user',
  id: `${centre}@ballerup.dk`,
  roles: ['editor'],
  centres: [centre],
  origin: '10.0.0.3',
});

describe.each(testDatabases)('area notes on $name', ({ open }) => {
  let database: Database;
  const ctx = (actor: Actor) => ({ database, actor, now: () => new Date('2026-04-01T09:00:00Z') });

  beforeAll(async () => {
    database = await open();
    await loadDefinitionFile(ctx(systemActor), path.resolve(ballerupFile));
  });
  afterAll(async () => database.close());

  it('stores the lead centre’s note as typed, markup and all, and shows it to a reader', async () => {
    const text = '<script>alert("x")</script>\r\nLinje to & «tre»';
    const note = await addAreaNote(
      ctx(editorOf('center-for-arbejdsmarked')),
      strategy,
      'beskaeftigelse',
      text,
      'Anne',
    );
    expect(note.body).toBe('<script>alert("x")</script>\nLinje to & «tre»');
    const reader: Actor = { kind: 'user', id: 'r@b.dk', roles: ['reader'], origin: 'x' };
    expect((await readAreaNotes(ctx(reader), strategy, 'beskaeftigelse'))[0]?.body).toBe(note.body);
    expect((await listAudit(database.db))[0]).toMatchObject({
      action: 'area.edit',
      subjectId: `${strategy}/beskaeftigelse`,
    });
  });

  it('lets an involved centre write, and refuses another centre and a reader with a log entry', async () => {
    await addAreaNote(
      ctx(editorOf('center-for-arbejdsmarked')),
      strategy,
      'uddannelse',
      'Involveret',
      'Anne',
    );
    await expect(
      addAreaNote(ctx(editorOf('center-for-by-erhverv-og-miljoe')), strategy, 'beskaeftigelse', 'Nej', 'Bo'),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listAudit(database.db))[0]).toMatchObject({
      action: 'area.edit',
      outcome: 'refused',
      actor: 'center-for-by-erhverv-og-miljoe@ballerup.dk',
      subjectId: `${strategy}/beskaeftigelse`,
    });
    const anonymous: Actor = { kind: 'anonymous', id: 'anonymous', origin: 'x' };
    await expect(readAreaNotes(ctx(anonymous), strategy, 'beskaeftigelse')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('refuses an empty, too long or control-character note, and an unknown area', async () => {
    expect(checkNoteBody('   ')).toEqual({ ok: false, problem: 'required' });
    expect(checkNoteBody('æ'.repeat(5001))).toEqual({ ok: false, problem: 'tooLong' });
    expect(checkNoteBody('æ'.repeat(5000)).ok).toBe(true);
    expect(checkNoteBody('a\u0000b')).toEqual({ ok: false, problem: 'controlCharacters' });
    const admin: Actor = { kind: 'user', id: 'a@b.dk', roles: ['admin'], origin: 'x' };
    await expect(
      addAreaNote(ctx(admin), strategy, 'beskaeftigelse', 'x'.repeat(5001), 'A'),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(addAreaNote(ctx(admin), strategy, 'findes-ikke', 'x', 'A')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('keeps notes append-only in the database itself', async () => {
    await expect(sql`update area_note set body = 'ændret'`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from area_note`.execute(database.db)).rejects.toThrow(/append-only/);
  });
});
