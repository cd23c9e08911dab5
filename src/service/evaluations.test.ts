// Evaluation rounds on both databases: opened with a checked period, an area's assessment written by its
// centres and signed off by the lead centre's editor only, frozen once however many freeze at once, the pinned
// figures read unchanged after newer figures and a revision are imported, and the decision recorded with the
// strategy version that followed. Every change is in the audit log; a refusal is too.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor, type Actor } from '../domain/access/index.ts';
import type { Observation } from '../domain/observation/index.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.ts';
import {
  decideEvaluation,
  evaluationData,
  freezeEvaluation,
  getEvaluation,
  openEvaluation,
  keepReportContent,
  signOffAssessment,
  writeAssessment,
} from './evaluations.ts';
import { importObservations } from './observations.ts';
import { loadDefinitionFile } from './strategies.ts';

const strategy = 'ballerup-integrationsstrategi-2021-2023';
const INDICATOR = 'ungdomsuddannelse-20-24';
const schools: Actor = {
  kind: 'user',
  id: 'sik@ballerup.dk',
  roles: ['editor'],
  centres: ['center-for-skoler-institutioner-og-kultur'],
  origin: '10.0.0.4',
};
const labour: Actor = {
  kind: 'user',
  id: 'cfa@ballerup.dk',
  roles: ['editor'],
  centres: ['center-for-arbejdsmarked'],
  origin: '10.0.0.3',
};
const housing: Actor = {
  kind: 'user',
  id: 'cbem@ballerup.dk',
  roles: ['editor'],
  centres: ['center-for-by-erhverv-og-miljoe'],
  origin: '10.0.0.6',
};
const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const admin2: Actor = { kind: 'user', id: 'admin2@ballerup.dk', roles: ['admin'], origin: '10.0.0.5' };
const reader: Actor = { kind: 'user', id: 'oeu@ballerup.dk', roles: ['reader'], origin: '10.0.0.2' };

const share = (period: string, group: string, numerator: number, denominator: number): Observation => ({
  series: INDICATOR,
  area: '151',
  period,
  dims: { group },
  value: { kind: 'number', value: numerator / denominator },
  numerator,
  denominator,
  unit: 'share',
  status: 'final',
  illustrative: false,
});

describe.each(testDatabases)('evaluation rounds on $name', ({ open }) => {
  let database: Database;
  let clock = new Date('2023-09-01T09:00:00Z');
  const ctx = (actor: Actor) => ({ database, actor, now: () => clock });
  const tick = () => (clock = new Date(clock.getTime() + 60_000));
  const load = async (rows: readonly Observation[]) => {
    tick();
    return importObservations(
      ctx(cliActor('tester')),
      { source: 'file', fileName: 'test.csv', retrievedAt: clock, licence: 'test' },
      rows.map((observation, i) => ({ line: i + 1, observation })),
    );
  };
  const gapOf = async (roundId: string, period: string) => {
    const data = await evaluationData(database, roundId);
    const view = data.views.find((v) => v.indicator.id === INDICATOR);
    const row = view?.rows.find((r) => r.period === period);
    return row?.target.share.kind === 'value' ? row.target.share.value : undefined;
  };

  beforeAll(async () => {
    database = await open();
    await loadDefinitionFile(ctx(cliActor('tester')), ballerupFile);
    await load([
      share('2021', 'target', 300, 1000),
      share('2021', 'comparison', 600, 1000),
      share('2022', 'target', 320, 1000),
      share('2022', 'comparison', 610, 1000),
    ]);
  });
  afterAll(async () => database.close());

  it('refuses a bad period, an unknown strategy and anyone but an administrator, saying what and where', async () => {
    const bad = await openEvaluation(ctx(admin), strategy, {
      name: ' ',
      from: '2023-02-30',
      to: '2021',
    }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidInputError);
    expect((bad as InvalidInputError).details).toEqual([
      'name: required',
      'from: doesNotExist (expected a date as YYYY-MM-DD, got "2023-02-30")',
      'to: format (expected a date as YYYY-MM-DD, got "2021")',
    ]);
    const reversed = await openEvaluation(ctx(admin), strategy, {
      name: 'x',
      from: '2023-12-31',
      to: '2021-01-01',
    }).catch((e: unknown) => e);
    expect((reversed as InvalidInputError).details).toEqual(['to: before from (2021-01-01 < 2023-12-31)']);
    await expect(
      openEvaluation(ctx(admin), 'no-such', { name: 'x', from: '2021-01-01', to: '2022-12-31' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      openEvaluation(ctx(schools), strategy, { name: 'x', from: '2021-01-01', to: '2022-12-31' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getEvaluation(database, '999')).rejects.toThrow('evaluation round "999" not found');
    await expect(getEvaluation(database, 'abc')).rejects.toBeInstanceOf(NotFoundError);
    const refused = (await listAudit(database.db, 5)).find((a) => a.outcome === 'refused');
    expect(refused).toMatchObject({ action: 'evaluation.manage', actor: 'sik@ballerup.dk' });
  });

  it('takes an assessment from the area’s centres and a sign-off from the lead centre’s editor only', async () => {
    const round = await openEvaluation(ctx(admin), strategy, {
      name: 'Evaluering 2021–2022',
      from: '2021-01-01',
      to: '2022-12-31',
    });
    expect(round).toMatchObject({ state: 'draft', strategyVersion: 1, periodFrom: '2021-01-01' });
    await expect(
      writeAssessment(ctx(housing), round.id, 'uddannelse', { assessment: 'x', adjustments: '' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      writeAssessment(ctx(schools), round.id, 'no-area', { assessment: 'x', adjustments: '' }),
    ).rejects.toThrow('focus area "no-area" is not in the strategy');
    const tooLong = await writeAssessment(ctx(schools), round.id, 'uddannelse', {
      assessment: 'x'.repeat(20_001),
      adjustments: 'a\u0000b',
    }).catch((e: unknown) => e);
    expect((tooLong as InvalidInputError).details).toEqual([
      'assessment: tooLong',
      'adjustments: controlCharacters',
    ]);
    // Nothing to sign off before a text is written.
    await expect(signOffAssessment(ctx(schools), round.id, 'uddannelse')).rejects.toBeInstanceOf(
      ConflictError,
    );
    await writeAssessment(ctx(schools), round.id, 'uddannelse', {
      assessment: 'Gabet er mindsket lidt.',
      adjustments: 'Mere sprogstøtte.',
    });
    // An administrator coordinates but does not sign for the tovholder; nor does an involved centre's editor.
    await expect(signOffAssessment(ctx(admin), round.id, 'uddannelse')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(signOffAssessment(ctx(labour), round.id, 'uddannelse')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const signed = await signOffAssessment(ctx(schools), round.id, 'uddannelse');
    expect(signed.signedOffBy).toBe('sik@ballerup.dk');
    // The same texts again keep the sign-off; changed texts take it away.
    const same = await writeAssessment(ctx(schools), round.id, 'uddannelse', {
      assessment: 'Gabet er mindsket lidt.',
      adjustments: 'Mere sprogstøtte.',
    });
    expect(same.signedOffBy).toBe('sik@ballerup.dk');
    const changed = await writeAssessment(ctx(schools), round.id, 'uddannelse', {
      assessment: 'Gabet er mindsket.',
      adjustments: 'Mere sprogstøtte.',
    });
    expect(changed.signedOffAt).toBeNull();
    const audit = await listAudit(database.db, 10);
    expect(audit.find((a) => a.action === 'area.signoff' && a.outcome === 'ok')).toMatchObject({
      subjectId: `${round.id}/uddannelse`,
    });
    expect(audit.find((a) => a.action === 'area.signoff' && a.outcome === 'refused')).toBeDefined();
  });

  it('freezes once when two administrators freeze at once, and reads the pinned figures ever after', async () => {
    const round = await openEvaluation(ctx(admin), strategy, {
      name: 'Evaluering 2023',
      from: '2021-01-01',
      to: '2023-06-30',
    });
    await writeAssessment(ctx(schools), round.id, 'uddannelse', {
      assessment: 'Vurdering.',
      adjustments: '',
    });
    tick();
    const both = await Promise.allSettled([
      freezeEvaluation(ctx(admin), round.id),
      freezeEvaluation(ctx(admin2), round.id),
    ]);
    const done = both.filter((b) => b.status === 'fulfilled');
    const failed = both.filter((b): b is PromiseRejectedResult => b.status === 'rejected');
    expect(done).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.reason).toBeInstanceOf(ConflictError);
    const freezes = (await listAudit(database.db, 20)).filter(
      (a) => a.action === 'evaluation.freeze' && a.subjectId === round.id,
    );
    expect(freezes).toHaveLength(1);
    const { round: frozen } = await getEvaluation(database, round.id);
    expect(frozen.state).toBe('frozen');
    // A frozen round takes no more assessments.
    await expect(
      writeAssessment(ctx(schools), round.id, 'uddannelse', { assessment: 'Senere.', adjustments: '' }),
    ).rejects.toBeInstanceOf(ConflictError);

    const before = await evaluationData(database, round.id);
    expect(await gapOf(round.id, '2022')).toBeCloseTo(0.32);
    // A newer year and a revised pinned figure arrive after the freeze.
    await load([share('2023', 'target', 350, 1000), share('2023', 'comparison', 600, 1000)]);
    await load([share('2022', 'target', 330, 1000)]);
    const after = await evaluationData(database, round.id);
    expect(after.views.find((v) => v.indicator.id === INDICATOR)?.rows.map((r) => r.period)).toEqual([
      '2021',
      '2022',
    ]);
    expect(await gapOf(round.id, '2022')).toBeCloseTo(0.32);
    expect(after.batches.map((b) => b.id)).toEqual(before.batches.map((b) => b.id));
    expect(after.interventions).toEqual(before.interventions);
    // A draft reads the current figures.
    const draft = await openEvaluation(ctx(admin), strategy, {
      name: 'Ny',
      from: '2021-01-01',
      to: '2023-12-31',
    });
    expect(await gapOf(draft.id, '2022')).toBeCloseTo(0.33);

    // The content is kept the first time; afterwards the kept content is given, whatever is computed.
    const json = '{"a":1}';
    const content = { format: 1, json, sha256: createHash('sha256').update(json).digest('hex') };
    expect(await keepReportContent(ctx(admin), round.id, content)).toEqual({ status: 'kept', content });
    const other = { format: 1, json: '{"a":2}', sha256: 'b'.repeat(64) };
    expect(await keepReportContent(ctx(admin), round.id, other)).toEqual({ status: 'kept', content });
    expect((await getEvaluation(database, round.id)).round).toMatchObject({
      contentSha256: content.sha256,
      contentFormat: 1,
    });
    expect(await keepReportContent(ctx(admin), draft.id, content)).toEqual({ status: 'draft' });
  });

  it('records the decision on a frozen round only, with the strategy version that followed', async () => {
    const round = await openEvaluation(ctx(admin), strategy, {
      name: 'E',
      from: '2021-01-01',
      to: '2022-12-31',
    });
    await expect(
      decideEvaluation(ctx(admin), round.id, { date: '2023-11-20', text: 'Godkendt.' }),
    ).rejects.toBeInstanceOf(ConflictError);
    await freezeEvaluation(ctx(admin), round.id);
    const bad = await decideEvaluation(ctx(admin), round.id, {
      date: '20-11-2023',
      text: '',
      strategyVersion: 7,
    }).catch((e: unknown) => e);
    expect((bad as InvalidInputError).details).toEqual([
      'date: format (expected a date as YYYY-MM-DD, got "20-11-2023")',
      'text: required',
      `strategyVersion: 7 is not a version of ${strategy} (it has 1)`,
    ]);
    await expect(
      decideEvaluation(ctx(reader), round.id, { date: '2023-11-20', text: 'Godkendt.' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const decided = await decideEvaluation(ctx(admin), round.id, {
      date: '2023-11-20',
      text: 'Økonomiudvalget godkendte evalueringen.',
      strategyVersion: 1,
    });
    expect(decided).toMatchObject({ state: 'decided', decisionDate: '2023-11-20', decisionVersion: 1 });
    await expect(
      decideEvaluation(ctx(admin), round.id, { date: '2023-11-21', text: 'Igen.' }),
    ).rejects.toBeInstanceOf(ConflictError);
    const entry = (await listAudit(database.db, 5)).find((a) => a.action === 'evaluation.decide');
    expect(entry?.after).toMatchObject({ state: 'decided', date: '2023-11-20', strategyVersion: 1 });
  });
});
