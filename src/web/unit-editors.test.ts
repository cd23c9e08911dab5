// Editors bound to any unit of a strategy's organisation, not only to centres: an editor of a committee of the
// second strategy edits the interventions and writes the notes of the area the committee leads, and nothing of
// an area another unit leads; the users form offers and accepts the committee, words the choice as units in
// both languages, and refuses a unit no strategy knows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/support/app.ts';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { visibleText } from '../../test/support/page-text.ts';
import { secondId, startAppWithBothStrategies } from '../../test/support/second-strategy.ts';
import type { Actor } from '../domain/access/index.ts';
import { listUsers } from '../service/accounts.ts';
import { addAreaNote, readAreaNotes } from '../service/area-notes.ts';
import { ForbiddenError } from '../service/errors.ts';
import {
  addInterventionNote,
  createIntervention,
  getIntervention,
  updateIntervention,
} from '../service/interventions.ts';

const committee = 'social-og-sundhedsudvalget';
const healthEditor: Actor = {
  kind: 'user',
  id: 'sundhed@eksempelby.dk',
  roles: ['editor'],
  centres: [committee],
  origin: '10.0.0.5',
};
const admin: Actor = { kind: 'user', id: 'admin@eksempelby.dk', roles: ['admin'], origin: '10.0.0.1' };

let t: TestApp;
const ctx = (actor: Actor) => ({ database: t.database, actor, now: () => new Date('2026-03-02T10:00:00Z') });

beforeAll(async () => {
  t = await startAppWithBothStrategies();
  await createUser(t.database, 'admin@eksempelby.dk', 'admin');
}, 180_000);
afterAll(async () => t?.close());

describe('an editor bound to a committee of the second strategy', () => {
  it('edits an intervention of the area the committee leads and writes its notes', async () => {
    const record = await getIntervention(t.database, secondId, 'aabne-haller');
    const before = record?.intervention;
    expect(before).toMatchObject({ areaId: 'sundhed', leadCentre: 'idraetssamraadet' });
    if (!before) return;
    const after = await updateIntervention(ctx(healthEditor), secondId, 'aabne-haller', before.revision, {
      title: before.title,
      description: 'Hallerne holder åbent lørdag og søndag.',
      status: 'ongoing',
      leadCentre: 'idraetssamraadet',
      involvedCentres: [committee],
      startsOn: '2024-03-01',
      endsOn: '',
      indicatorIds: ['foreningsmedlemmer'],
    });
    expect(after).toMatchObject({
      description: 'Hallerne holder åbent lørdag og søndag.',
      involvedCentres: [committee],
      revision: before.revision + 1,
      updatedBy: 'sundhed@eksempelby.dk',
    });
    const note = await addInterventionNote(
      ctx(healthEditor),
      secondId,
      'aabne-haller',
      { notedOn: '2026-03-01', body: 'Flere hold om lørdagen.' },
      'Sundhedsudvalgets sekretær',
    );
    expect(note.body).toBe('Flere hold om lørdagen.');
    await addAreaNote(
      ctx(healthEditor),
      secondId,
      'sundhed',
      'Medlemstallet stiger.',
      'Sundhedsudvalgets sekretær',
    );
    const notes = await readAreaNotes(ctx(healthEditor), secondId, 'sundhed');
    expect(notes.map((n) => n.body)).toContain('Medlemstallet stiger.');
  });

  it('may not edit an intervention or write a note of an area another unit leads', async () => {
    // The school area is led by the children and schools committee.
    const school = await createIntervention(ctx(admin), secondId, 'skole', {
      title: 'Bevægelse i hvert frikvarter',
      description: '',
      status: 'planned',
      leadCentre: 'boerne-og-skoleudvalget',
      involvedCentres: [],
      startsOn: '',
      endsOn: '',
      indicatorIds: [],
    });
    await expect(
      updateIntervention(ctx(healthEditor), secondId, school.id, school.revision, {
        title: 'Ændret af et andet udvalg',
        description: '',
        status: 'planned',
        leadCentre: 'boerne-og-skoleudvalget',
        involvedCentres: [],
        startsOn: '',
        endsOn: '',
        indicatorIds: [],
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      addAreaNote(ctx(healthEditor), secondId, 'skole', 'Ikke vores område.', 'Sundhedsudvalget'),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getIntervention(t.database, secondId, school.id))?.intervention.title).toBe(
      'Bevægelse i hvert frikvarter',
    );
    expect(await readAreaNotes(ctx(admin), secondId, 'skole')).toEqual([]);
  });
});

describe('the users form with committees among the units', () => {
  it('offers the committee as an organisational unit, in Danish and English', async () => {
    const b = new Browser(t.app);
    expect((await b.login('admin@eksempelby.dk')).statusCode).toBe(303);
    const da = await b.get('/admin/brugere');
    expect(da.statusCode).toBe(200);
    expect(da.body).toContain(`id="centre-${committee}" name="centres" value="${committee}"`);
    const daText = visibleText(da.body);
    expect(daText).toContain('Organisationsenheder');
    expect(daText).toContain('Social- og Sundhedsudvalget');
    // The product's own words: the units' names (Ballerup's "Center for …") are the strategies' data.
    const productDa = daText.replace(/Center for [\p{L} -]+?(?=,| Center| Social|$)/gu, ' ');
    expect(productDa.match(/\b[Cc]ent(re|ret|rene|er)\b/g) ?? [], productDa).toEqual(['centre']);
    // The English page is marked lang="en" as a whole: read it as text all the same.
    const en = visibleText((await b.get('/admin/brugere?lang=en')).body.replace('<html lang="en"', '<html'));
    expect(en).toContain('Organisational units');
    const productEn = en.replace(/Center for [\p{L} -]+?(?=,| Center| Social|$)/gu, ' ');
    expect(productEn.match(/\bcentres?\b/gi) ?? [], productEn).toEqual(['centres']);
  });

  it('adds an editor bound to the committee, and refuses a unit no strategy knows', async () => {
    const b = new Browser(t.app);
    await b.login('admin@eksempelby.dk');
    await b.get('/admin/brugere');
    const refused = await b.post('/admin/brugere', {
      _csrf: b.token,
      email: 'forkert@eksempelby.dk',
      displayName: 'Forkert Enhed',
      role: 'editor',
      centres: 'udvalg-for-intet',
      password: 'en-lang-nok-adgangskode',
    });
    expect(refused.statusCode).toBe(400);
    expect(visibleText(refused.body)).toContain('Vælg enheder fra listen.');
    await b.get('/admin/brugere');
    const added = await b.post('/admin/brugere', {
      _csrf: b.token,
      email: 'sundhed@eksempelby.dk',
      displayName: 'Sundhedsudvalgets sekretær',
      role: 'editor',
      centres: committee,
      password: 'en-lang-nok-adgangskode',
    });
    expect(added.statusCode).toBe(303);
    const users = await listUsers(ctx(admin));
    expect(users.find((u) => u.email === 'sundhed@eksempelby.dk')?.centres).toEqual([committee]);
    expect(users.some((u) => u.email === 'forkert@eksempelby.dk')).toBe(false);
    // The committee's editor logs in and may open the edit form of the committee's area's intervention.
    const editor = new Browser(t.app, '127.0.0.2');
    expect((await editor.login('sundhed@eksempelby.dk', 'en-lang-nok-adgangskode')).statusCode).toBe(303);
    const form = await editor.get(`/strategier/${secondId}/indsatser/aabne-haller/rediger`);
    expect(form.statusCode).toBe(200);
  });
});
