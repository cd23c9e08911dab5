// Pages while the bundled dataset loads in the background: held back part by part (no timing), the pages say
// plainly what is still loading, show no area status computed on part of the figures, and stop saying it —
// kept pages included — once the load is done. A second load on the loaded database stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { prepareBundledLoad, type BackgroundLoad } from '../service/background-load.ts';
import type { ScopedPart } from '../service/bundled-dataset.ts';
import { setDatasetLoading } from '../service/loading-state.ts';
import { contentGeneration, listBatches } from '../service/observations.ts';

const startupNotice = 'Tallene indlæses – siden viser dem om lidt.';
const restNotice = 'Tallene for de øvrige kommuner indlæses – siden viser dem om lidt.';
const indicatorPath = `/strategier/${ballerupId}/indikatorer/offentlig-forsoergelse`;

/** A promise with its resolve, to hold the load at a point and let it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

let t: TestApp;
let load: BackgroundLoad;
const reachedStartup = gate();
const releaseStartup = gate();
const reachedRest = gate();
const releaseRest = gate();
let running: Promise<unknown>;

beforeAll(async () => {
  t = await startTestApp();
  load = await prepareBundledLoad(t.database);
  running = load.run({
    beforePart: async (part: ScopedPart) => {
      if (part.scope === 'startup') {
        reachedStartup.open();
        await releaseStartup.opened;
      } else {
        reachedRest.open();
        await releaseRest.opened;
      }
    },
  });
  await reachedStartup.opened;
});
afterAll(async () => {
  releaseStartup.open();
  releaseRest.open();
  await running.catch(() => undefined);
  await t.close();
});

const get = async (url: string) => (await t.app.inject({ method: 'GET', url })).body;

describe('pages while the bundled dataset loads', () => {
  it('say first that the figures are loading, and show no area status', async () => {
    expect(load.pending).toBeGreaterThan(0);
    const front = await get('/');
    expect(front).toContain(startupNotice);
    expect(front).toContain('data-dataset-loading="startup"');
    expect(front).not.toContain('class="area-status');
    expect(await get(`/?lang=en`)).toContain('The figures are loading – the page shows them shortly.');
    expect(await get(indicatorPath)).toContain(startupNotice);
    expect(await get('/befolkning')).toContain(startupNotice);
  });

  it('then show the strategy’s own figures, and say the other municipalities are loading where they show', async () => {
    releaseStartup.open();
    await reachedRest.opened;
    const front = await get('/');
    expect(front).not.toContain('data-dataset-loading');
    expect(front).toContain('class="area-status');
    const indicator = await get(indicatorPath);
    expect(indicator).toContain(restNotice);
    expect(indicator).not.toContain('undefined');
    expect(await get('/befolkning')).toContain(restNotice);
  });

  it('say nothing once the load is done, kept pages included', async () => {
    // Both pages were kept for anonymous visitors while they said the figures were loading.
    releaseRest.open();
    await running;
    for (const url of [
      '/',
      indicatorPath,
      '/befolkning',
      `/strategier/${ballerupId}/omraader/beskaeftigelse`,
    ])
      expect(await get(url), url).not.toContain('data-dataset-loading');
  });

  it('load nothing on a database that holds the whole bundle', async () => {
    const before = (await listBatches(t.database)).length;
    expect(before).toBeGreaterThan(10);
    const again = await prepareBundledLoad(t.database);
    expect(again.pending).toBe(0);
    expect(await get('/')).not.toContain('data-dataset-loading');
    const outcomes = await again.run({
      beforePart: () => Promise.reject(new Error('a restart must not load a part')),
    });
    expect(outcomes.every((o) => o.status === 'already-loaded')).toBe(true);
    expect(await listBatches(t.database)).toHaveLength(before);
  });

  it('moves the kept pages’ generation at a change of stage alone, with no batch stored', async () => {
    const before = await contentGeneration(t.database);
    setDatasetLoading(t.database, 'rest');
    const during = await contentGeneration(t.database);
    expect(during).not.toBe(before);
    expect(await get('/befolkning')).toContain(restNotice);
    setDatasetLoading(t.database, undefined);
    expect(await contentGeneration(t.database)).not.toBe(during);
    expect(await get('/befolkning')).not.toContain('data-dataset-loading');
  });
});
