// The versions page on a revised Ballerup definition: each change named by the focus area, indicator or
// intervention it lies in and by the field's name, old and new text side by side with the changed words
// marked, and the indicators and interventions added and removed listed by name — no paths alone.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ballerupFile, ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { systemActor } from '../domain/access/index.ts';
import { getIntervention, updateIntervention } from '../service/interventions.ts';
import { loadDefinitionFile } from '../service/strategies.ts';

interface Yaml {
  areas: {
    title: string;
    goal: { statements?: string[] };
    indicators: { id: string; title: string; direction: string }[];
    interventions: { items: { id: string; text: string }[] };
  }[];
}

let t: TestApp;
let removedIndicator = '';
let changedIndicator = '';
let areaTitle = '';
let oldStatement = '';
let removedItem = { id: '', text: '' };
let keptItem = '';

beforeAll(async () => {
  t = await startTestApp();
  const doc = parse(await readFile(ballerupFile, 'utf8')) as Yaml;
  const area = doc.areas.find((a) => (a.goal.statements ?? []).length > 0 && a.indicators.length > 1);
  if (!area) throw new Error('fixture');
  areaTitle = area.title;
  const statements = area.goal.statements ?? [];
  oldStatement = statements[0] as string;
  statements[0] = oldStatement.replace('i samme grad som', 'mindst lige så meget som');
  const [first, second] = area.indicators;
  if (!first || !second) throw new Error('fixture');
  removedIndicator = first.title;
  changedIndicator = second.title;
  second.direction = second.direction === 'up' ? 'down' : 'up';
  area.indicators.shift();
  const dropped = area.interventions.items.pop();
  if (!dropped || !area.interventions.items[0]) throw new Error('fixture');
  removedItem = dropped;
  keptItem = area.interventions.items[0].id;
  area.interventions.items.push({ id: 'mentorordning', text: 'Mentorordning for nye foreningsformænd' });
  // The strategy links no intervention to an indicator; a coordinator links the kept one to the indicator the
  // next version drops.
  const kept = await getIntervention(t.database, ballerupId, keptItem);
  if (!kept) throw new Error('fixture');
  const k = kept.intervention;
  await updateIntervention(
    { database: t.database, actor: systemActor, now: () => new Date('2026-02-01T12:00:00Z') },
    ballerupId,
    keptItem,
    k.revision,
    {
      title: k.title,
      description: k.description,
      status: k.status ?? 'ongoing',
      leadCentre: k.leadCentre ?? 'center-for-arbejdsmarked',
      involvedCentres: [...k.involvedCentres],
      startsOn: k.startsOn ?? '',
      endsOn: k.endsOn ?? '',
      indicatorIds: [first.id],
    },
  );
  const dir = await mkdtemp(path.join(tmpdir(), 'versions-'));
  const file = path.join(dir, 'ballerup.yaml');
  await writeFile(file, stringify(doc));
  const outcome = await loadDefinitionFile(
    { database: t.database, actor: systemActor, now: () => new Date('2026-03-01T12:00:00Z') },
    file,
  );
  expect(outcome.status).toBe('new-version');
});
afterAll(async () => t.close());

const page = async (lang = '') =>
  (await t.app.inject({ method: 'GET', url: `/strategier/${ballerupId}/versioner${lang}` })).body;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the versions page', () => {
  it('lists the indicators and interventions added and removed by name', async () => {
    const body = text(await page());
    expect(body).toContain(`Fjernede indikatorer: «${removedIndicator}»`);
    expect(body).toContain('Nye indsatser: «Mentorordning for nye foreningsformænd»');
  });

  it('names where each change lies and the field, in words, with the path beside it', async () => {
    const html = await page();
    const body = text(html);
    expect(body).toContain(`Indsatsområde «${areaTitle}» › Indikator «${changedIndicator}»`);
    expect(body).toContain('Ønsket udvikling');
    expect(body).toMatch(/Ændret (Op Ned|Ned Op)/);
    expect(body).toContain('Mål › Målsætninger › nr. 1');
    expect(html).toMatch(/<code class="change-path">areas\[\d+\]\.goal\.statements\[0\]<\/code>/);
  });

  it('shows a changed text before and after with the words that changed marked', async () => {
    const html = await page();
    expect(html).toMatch(/<del><span class="sr-only">fjernet: <\/span>i samme grad <\/del>/);
    expect(html).toMatch(/<ins><span class="sr-only">tilføjet: <\/span>mindst lige så meget <\/ins>/);
  });

  it('lists the intervention bullet removed, and marks its intervention and links to the removed indicator as ended', async () => {
    expect(text(await page())).toContain(`Fjernede indsatser: «${removedItem.text}»`);
    const get = async (id: string) =>
      text((await t.app.inject({ method: 'GET', url: `/strategier/${ballerupId}/indsatser/${id}` })).body);
    const ended = await get(removedItem.id);
    expect(ended).toContain('Punktet blev fjernet fra strategien med version 2');
    // A link to the removed indicator stays, named and marked as ended.
    const kept = await get(keptItem);
    expect(kept).not.toContain('Punktet blev fjernet');
    expect(kept).toContain(`${removedIndicator} Indgår ikke længere i strategien (fjernet med version 2)`);
    const list = text(
      (await t.app.inject({ method: 'GET', url: `/strategier/${ballerupId}/indsatser` })).body,
    );
    expect(list).toContain('Fjernet fra strategien med version 2');
  });

  it('reads the same in English, with no template leaks', async () => {
    const body = text(await page('?lang=en'));
    expect(body).toContain(`Indicators removed: «${removedIndicator}»`);
    expect(body).toContain('Desired direction');
    expect(body).toMatch(/Changed (Up Down|Down Up)/);
    for (const leak of ['undefined', 'NaN', '[object Object]', '=>']) expect(body).not.toContain(leak);
  });
});
