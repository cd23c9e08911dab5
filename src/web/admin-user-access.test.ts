// Changing a user's role and centres in the browser: the change is audited with before and after, the user's
// sessions end at once (a demoted editor's next request is logged out), a forged role or centre and an
// editor without centres are refused in Danish with nothing stored, and the last active administrator
// cannot be demoted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { findUserById } from '../store/user-store.ts';
import { listAudit } from '../store/audit-store.ts';

let t: TestApp;
let ip = 0;
const browser = () => new Browser(t.app, `10.9.0.${++ip}`);
const labourEdit = `/strategier/${ballerupId}/indsatser/krav-til-aktiv-deltagelse/rediger`;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('role and centres', () => {
  it('refuses the last administrator’s demotion, then changes roles and logs the user out at once', async () => {
    const only = await createUser(t.database, 'eneste-admin@ballerup.dk', 'admin');
    const admin = browser();
    await admin.login('eneste-admin@ballerup.dk');
    const page = await admin.get(`/admin/brugere/${only.id}`);
    expect(page.body).toContain('Rolle og enheder');
    const refused = await admin.post(`/admin/brugere/${only.id}/adgang`, {
      _csrf: admin.token,
      role: 'reader',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Brugeren er den sidste aktive administrator og kan ikke miste rollen.');
    expect((await findUserById(t.database.db, only.id))?.roles).toEqual(['admin']);

    const editor = await createUser(t.database, 'tovholder@ballerup.dk', 'editor', [
      'center-for-arbejdsmarked',
    ]);
    const victim = browser();
    await victim.login('tovholder@ballerup.dk');
    expect((await victim.get(labourEdit)).statusCode).toBe(200);
    await admin.get(`/admin/brugere/${editor.id}`);
    const demoted = await admin.post(`/admin/brugere/${editor.id}/adgang`, {
      _csrf: admin.token,
      role: 'reader',
    });
    expect(demoted.statusCode).toBe(303);
    expect((await admin.get(String(demoted.headers.location))).body).toContain(
      'Rolle og enheder er gemt. Brugeren er logget ud (1 sessioner afsluttet).',
    );
    // The demoted editor's next request is logged out: sent to log in, not shown the form.
    const next = await victim.get(labourEdit);
    expect(next.statusCode).toBe(303);
    expect(String(next.headers.location)).toContain('/log-ind');
    expect(await findUserById(t.database.db, editor.id)).toMatchObject({ roles: ['reader'], centres: [] });
    const entry = (await listAudit(t.database.db, 10)).find((a) => a.action === 'user.update');
    expect(entry).toMatchObject({
      actor: 'eneste-admin@ballerup.dk',
      subjectId: 'tovholder@ballerup.dk',
      before: { roles: ['editor'], centres: ['center-for-arbejdsmarked'] },
      after: { roles: ['reader'], centres: [], sessionsEnded: 1 },
    });

    // With a second administrator, the first may be made a reader (and is logged out too).
    const second = await createUser(t.database, 'anden-admin@ballerup.dk', 'admin');
    const other = browser();
    await other.login('anden-admin@ballerup.dk');
    await other.get(`/admin/brugere/${only.id}`);
    expect(
      (await other.post(`/admin/brugere/${only.id}/adgang`, { _csrf: other.token, role: 'reader' }))
        .statusCode,
    ).toBe(303);
    expect((await admin.get('/admin/brugere')).statusCode).toBe(303);
    await other.get(`/admin/brugere/${second.id}`);
    const self = await other.post(`/admin/brugere/${second.id}/adgang`, {
      _csrf: other.token,
      role: 'reader',
    });
    expect(self.body).toContain('den sidste aktive administrator');
  });

  it('refuses a forged role, an unknown centre and an editor without centres, and stores nothing', async () => {
    await createUser(t.database, 'chef@ballerup.dk', 'admin');
    const user = await createUser(t.database, 'redaktoer@ballerup.dk', 'editor', [
      'center-for-arbejdsmarked',
    ]);
    const admin = browser();
    await admin.login('chef@ballerup.dk');
    await admin.get(`/admin/brugere/${user.id}`);
    const url = `/admin/brugere/${user.id}/adgang`;
    const cases: [Record<string, string | string[]>, string][] = [
      [{ role: 'superadmin', centres: 'center-for-arbejdsmarked' }, 'Vælg en af rollerne på listen.'],
      [{ role: 'editor', centres: 'center-for-intet' }, 'Vælg enheder fra listen.'],
      [{ role: 'editor' }, 'Vælg mindst én enhed for en tovholder.'],
      [{ centres: 'center-for-arbejdsmarked' }, 'Vælg en rolle.'],
    ];
    for (const [form, message] of cases) {
      const res = await admin.post(url, { _csrf: admin.token, ...form });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(message);
      expect(res.body).not.toContain('superadmin"'); // the forged value is not offered back as a choice
    }
    expect(await findUserById(t.database.db, user.id)).toMatchObject({
      roles: ['editor'],
      centres: ['center-for-arbejdsmarked'],
    });
    const same = await admin.post(url, {
      _csrf: admin.token,
      role: 'editor',
      centres: 'center-for-arbejdsmarked',
    });
    expect((await admin.get(String(same.headers.location))).body).toContain('Intet er ændret.');
    const both = await admin.post(url, {
      _csrf: admin.token,
      role: 'editor',
      centres: ['center-for-arbejdsmarked', 'center-for-by-erhverv-og-miljoe'],
    });
    expect(both.statusCode).toBe(303);
    expect((await findUserById(t.database.db, user.id))?.centres).toEqual([
      'center-for-arbejdsmarked',
      'center-for-by-erhverv-og-miljoe',
    ]);

    const reader = browser();
    await createUser(t.database, 'laeser@ballerup.dk', 'reader');
    await reader.login('laeser@ballerup.dk');
    await reader.get('/');
    expect((await reader.post(url, { _csrf: reader.token, role: 'admin' })).statusCode).toBe(403);
  });
});
