// The bundled offline dataset: the real files in datasets/ (each with its provenance in datasets/manifest.json)
// and the illustrative series made from them, imported batch by batch so that `npm start` on a fresh database
// has figures to show with no network. Real and illustrative figures never share a batch.
//
// Loading is in two scopes, because start-up must stay short on the embedded database: `startup` holds every
// part for each strategy's own area and the country; `rest` holds the same parts for every other area (most of
// it the illustrative FOLK1E of ~100 areas, stored ten areas a batch) and the files the manifest keeps out of
// start-up. `all` is both. `serve` plans the load before it listens and loads after (`background-load.ts`).
// A part already loaded (same description and file hash) is skipped, and an illustrative row never replaces a
// measured figure, nor an older bundled file a newer import.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { systemActor } from '../domain/access/index.ts';
import { dimsKey, sourceKinds, type Observation, type Provenance } from '../domain/observation/index.ts';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import {
  bundledDatasetsDir,
  immigrationShareQuarter,
  loadAreas,
  readFactorCsv,
  readLabelledCsv,
  type AreaRegistry,
  type LabelledCsvSpec,
} from '../sources/areas/index.ts';
import {
  buildFolk1eModel,
  FOLK1E_FROM,
  FOLK1E_NOTE,
  ILLUSTRATIVE_LICENCE,
  FOLK1E_TABLE,
  FOLK1E_TO,
  generateIndicatorSeries,
  GENERATOR_VERSION,
  indicatorSeriesNote,
  HERKOMST_CODES,
  quarterStartingIn,
  type Folk1eCells,
  type Folk1eModel,
  type MeasuredCells,
  type PeriodFigure,
} from '../sources/illustrative/index.ts';
import {
  cellsToObservations,
  readStatbankCsv,
  StatbankFormatError,
  type StatbankCell,
} from '../sources/statbank/index.ts';
import type { Database } from '../store/database.ts';
import { dataGeneration } from '../store/observation-store.ts';
import { InvalidInputError } from './errors.ts';
import {
  currentObservations,
  findBatches,
  importObservations,
  listBatches,
  type ImportItem,
} from './observations.ts';
import { getStrategy, listStrategies } from './strategies.ts';
import type { WriteContext } from './write-gate.ts';

export const MANIFEST_FILE = 'manifest.json';
/** The date the illustrative batches carry as retrievedAt: the day generator version 1 was fixed. */
export const ILLUSTRATIVE_MADE_AT = new Date('2026-04-01T00:00:00Z');
export { ILLUSTRATIVE_LICENCE } from '../sources/illustrative/index.ts';
/** How many similar municipalities join each strategy's focus areas. */
export const SIMILAR_MUNICIPALITIES = 5;

export type BundleScope = 'startup' | 'rest' | 'all';

export interface BundledLoadOptions {
  readonly scope?: BundleScope;
  /** The datasets folder; the bundled one by default. */
  readonly datasetsDir?: string;
  readonly log?: (line: string) => void;
}

export interface BundledPartOutcome {
  /** The part, e.g. "dst-folk1am/startup" or "illustrative-indicators/ballerup-integrationsstrategi-2021-2023". */
  readonly part: string;
  readonly status: 'stored' | 'unchanged' | 'already-loaded' | 'nothing-to-load';
  readonly illustrative: boolean;
  readonly batchId?: string | undefined;
  readonly received: number;
  readonly stored: number;
  /** Rows left out because a measured (or more recently retrieved) figure is already current for their key. */
  readonly keptBack: number;
  /** Why a part had nothing to load, when it was not for figures already stored. */
  readonly reason?: string | undefined;
  readonly milliseconds: number;
}

/** Imports the bundled dataset, each part as its own batch; running it again stores nothing new. */
export async function loadBundledDataset(
  ctx: WriteContext,
  definitions: readonly StrategyDefinition[],
  options: BundledLoadOptions = {},
): Promise<readonly BundledPartOutcome[]> {
  const plan = await planBundledDataset(ctx.database, definitions, options);
  return loadPlannedParts(ctx, plan, options.scope ?? 'startup', options);
}

/**
 * What a load would do, found without loading anything: the parts of both scopes in order, and which of them
 * are stored already (same description and file hash). A restart on a loaded database stops here.
 */
export interface BundlePlan {
  readonly parts: readonly ScopedPart[];
  /** Fingerprints of the parts already stored. */
  readonly loaded: ReadonlySet<string>;
  /** How many batches the database held when the plan was made; none means no part can collide. */
  readonly batchesAtStart: number;
}

export type ScopedPart = BundlePart & { readonly scope: 'startup' | 'rest' };

export async function planBundledDataset(
  database: Database,
  definitions: readonly StrategyDefinition[],
  options: Pick<BundledLoadOptions, 'datasetsDir'> = {},
): Promise<BundlePlan> {
  const bundle = await openBundle(options.datasetsDir ?? bundledDatasetsDir, definitions);
  const parts = (['startup', 'rest'] as const).flatMap((scope) =>
    bundle.parts(scope).map((p): ScopedPart => ({ ...p, scope })),
  );
  const batches = await listBatches(database, 1_000_000);
  return {
    parts,
    loaded: new Set(batches.map((b) => fingerprint(b.provenance))),
    batchesAtStart: batches.length,
  };
}

/** The parts of a scope that a load would store: not skipped and not stored already. */
export function pendingParts(plan: BundlePlan, scope: BundleScope): readonly ScopedPart[] {
  return plan.parts.filter(
    (p) => inBundleScope(p, scope) && !p.skip && !plan.loaded.has(fingerprint(p.provenance)),
  );
}

export interface PartLoadOptions {
  /** Gets a line per part, loaded or not. */
  readonly log?: (line: string) => void;
  /** Gets each part's outcome as it is known. */
  readonly onOutcome?: (outcome: BundledPartOutcome) => void;
  /** Awaited before each part is stored: lets a caller pace or hold back the load. */
  readonly beforePart?: (part: ScopedPart) => Promise<void>;
  /** Stops the load before the next part (the parts stored so far stay, each whole). */
  readonly signal?: AbortSignal;
}

/** Loads the plan's parts of a scope in order, each in its own transaction as its own batch. */
export async function loadPlannedParts(
  ctx: WriteContext,
  plan: BundlePlan,
  scope: BundleScope,
  options: PartLoadOptions = {},
): Promise<readonly BundledPartOutcome[]> {
  const outcomes: BundledPartOutcome[] = [];
  // Rows are checked against what is stored only when something else may be stored: a database that held no
  // figures and took only this load's batches since cannot hold a measured figure a bundled row must not replace.
  let storedHere = 0;
  for (const part of plan.parts.filter((p) => inBundleScope(p, scope))) {
    let started = performance.now();
    const done = (o: Omit<BundledPartOutcome, 'part' | 'illustrative' | 'milliseconds'>) => {
      const outcome = {
        part: part.id,
        illustrative: part.illustrative,
        ...o,
        milliseconds: Math.round(performance.now() - started),
      };
      outcomes.push(outcome);
      options.log?.(describeOutcome(outcome));
      options.onOutcome?.(outcome);
    };
    if (part.skip) {
      done({ status: 'nothing-to-load', received: 0, stored: 0, keptBack: 0, reason: part.skip });
      continue;
    }
    if (plan.loaded.has(fingerprint(part.provenance))) {
      done({ status: 'already-loaded', received: 0, stored: 0, keptBack: 0 });
      continue;
    }
    options.signal?.throwIfAborted();
    await options.beforePart?.(part);
    options.signal?.throwIfAborted();
    started = performance.now();
    const fresh = plan.batchesAtStart === 0 && (await batchCount(ctx.database)) === storedHere;
    const items = part.items();
    const { kept, keptBack } = fresh
      ? { kept: items, keptBack: 0 }
      : await withoutSuperseded(ctx.database, items, part);
    if (kept.length === 0) {
      done({ status: 'nothing-to-load', received: 0, stored: 0, keptBack });
      continue;
    }
    const r = await importObservations(ctx, part.provenance, kept);
    if (r.batchId !== undefined) storedHere++;
    done({ status: r.status, batchId: r.batchId, received: r.received, stored: r.stored, keptBack });
  }
  return outcomes;
}

function inBundleScope(part: ScopedPart, scope: BundleScope): boolean {
  return scope === 'all' || part.scope === scope;
}

async function batchCount(database: Database): Promise<number> {
  return Number((await dataGeneration(database.db)).split(':')[0]);
}

/**
 * For `serve`: the bundled dataset for the strategies stored in the database, as the system actor. Loads the
 * startup scope (about 4,500 rows); the rest can follow with `{ scope: 'rest' }` (about 60,000 rows, several
 * seconds on the embedded database). Logs a line per part it loaded, none when everything was there already.
 */
export async function seedBundledDataset(
  database: Database,
  log: (line: string) => void = () => undefined,
  options: Omit<BundledLoadOptions, 'log'> = {},
): Promise<readonly BundledPartOutcome[]> {
  const outcomes = await loadBundledDataset(
    { database, actor: systemActor, now: () => new Date() },
    await storedDefinitions(database),
    options,
  );
  for (const o of outcomes) if (o.status !== 'already-loaded') log(describeOutcome(o));
  return outcomes;
}

/** The definitions of the strategies stored in the database: what the bundle makes illustrative series for. */
export async function storedDefinitions(database: Database): Promise<StrategyDefinition[]> {
  const definitions: StrategyDefinition[] = [];
  for (const v of await listStrategies(database)) {
    const s = await getStrategy(database, v.strategyId);
    if (s) definitions.push(s.definition);
  }
  return definitions;
}

const statusDa: Record<BundledPartOutcome['status'], string> = {
  stored: 'indlæst',
  unchanged: 'uændret',
  'already-loaded': 'allerede indlæst',
  'nothing-to-load': 'intet at indlæse',
};

/** One line per part, in Danish like the rest of the start-up log. */
export function describeOutcome(o: BundledPartOutcome): string {
  const what = o.illustrative ? 'illustrative tal' : 'målte tal';
  const details = [
    `${o.stored} af ${o.received} rækker gemt`,
    ...(o.keptBack > 0 ? [`${o.keptBack} holdt tilbage for målte tal`] : []),
    ...(o.reason ? [o.reason] : []),
    `${o.milliseconds} ms`,
  ];
  return `datasæt ${o.part} (${what}): ${statusDa[o.status]} (${details.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------------------------
// The manifest: which files the bundle holds, how to read each, and their provenance.

const labelsSchema = z
  .object({
    areaVariable: z.string().min(1),
    codes: z.record(z.record(z.string())).optional(),
    constant: z.record(z.string()).optional(),
    select: z.record(z.array(z.string())).optional(),
    nonAreaLabels: z.array(z.string()).optional(),
    nonAreaLabelPattern: z.string().optional(),
  })
  .strict();

const fileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    path: z.string().min(1),
    format: z.enum([
      'statbank-csv',
      'dst-labelled-csv',
      'fvkom-turnout',
      'integrationsbarometer-csv',
      'factor-csv',
    ]),
    role: z.enum(['non-danish-share']).optional(),
    source: z.enum(sourceKinds),
    table: z.string().optional(),
    series: z.string().optional(),
    retrievedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    licence: z.string().min(1),
    note: z.string().min(1),
    labels: labelsSchema.optional(),
    /** False: the whole file loads with the `rest` scope, not at start-up. */
    startup: z.boolean().optional(),
  })
  .strict();

export const manifestSchema = z
  .object({ formatVersion: z.literal(1), files: z.array(fileSchema).min(1) })
  .strict();
export type BundleManifest = z.infer<typeof manifestSchema>;
type ManifestFile = BundleManifest['files'][number];

export async function readManifest(dir: string): Promise<BundleManifest> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch (e) {
    throw new InvalidInputError(`${MANIFEST_FILE}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    throw new InvalidInputError(
      `${MANIFEST_FILE}: the manifest is not valid`,
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------------------------
// The bundle: files read once, parts built on demand.

export interface BundleFile {
  readonly spec: ManifestFile;
  readonly bytes: Buffer;
  readonly sha256: string;
}

export interface BundlePart {
  readonly id: string;
  readonly illustrative: boolean;
  readonly provenance: Provenance;
  /** Set when the part cannot be made, with the reason (a strategy of an area the registry does not know). */
  readonly skip?: string | undefined;
  /** The rows, built only when the part is not already loaded. */
  items(): readonly ObservationItem[];
}

export type ObservationItem = { readonly line: number; readonly observation: Observation };

/** The bundle as read from disk, for the loader and for inspection (tests, a future `dataset` command). */
export interface Bundle {
  readonly registry: AreaRegistry;
  /** Each strategy's own area and the country: the startup scope's areas. */
  readonly focusAreas: readonly string[];
  readonly files: readonly BundleFile[];
  /** The illustrative FOLK1E model, built on first use. */
  folk1e(): Folk1eModel;
  parts(scope: 'startup' | 'rest'): readonly BundlePart[];
}

export async function openBundle(dir: string, definitions: readonly StrategyDefinition[]): Promise<Bundle> {
  const manifest = await readManifest(dir);
  const registry = await loadAreas({ dir });
  const files = await Promise.all(
    manifest.files.map(async (spec): Promise<BundleFile> => {
      const bytes = await readFile(path.join(dir, spec.path)).catch((e: NodeJS.ErrnoException) => {
        throw new InvalidInputError(
          `${spec.path}: ${e.code === 'ENOENT' ? 'no such file' : e.message} (listed in ${MANIFEST_FILE})`,
        );
      });
      return { spec, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    }),
  );
  const focusAreas = focusAreasOf(definitions, registry);
  const memo = new Map<string, readonly ObservationItem[]>();
  const realItems = (file: BundleFile) => {
    let items = memo.get(file.spec.id);
    if (!items) {
      items = readRealFile(file, registry);
      memo.set(file.spec.id, items);
    }
    return items;
  };
  let model: Folk1eModel | undefined;
  const folk1e = () => (model ??= folk1eModelOf(files, registry, realItems));
  // Any change to a bundled file changes the description of the illustrative parts, so they are made again.
  const bundleSha = sha256(
    files
      .map((f) => `${f.spec.path}:${f.sha256}`)
      .sort()
      .join('\n'),
  );

  const parts = (scope: 'startup' | 'rest'): BundlePart[] => {
    const inScope = (area: string) => focusAreas.includes(area) === (scope === 'startup');
    const scopeText =
      scope === 'startup' ? `areas ${focusAreas.join(',')}` : `every area except ${focusAreas.join(',')}`;
    const out: BundlePart[] = [];
    for (const file of files) {
      if (file.spec.format === 'factor-csv') continue;
      // Files that are not by area (the strategy's table, the national barometer) belong to the startup scope;
      // files marked `startup: false` (context no page needs at first) load whole with the rest.
      const whole = file.spec.startup === false;
      if (whole && scope === 'startup') continue;
      const areaBound =
        !whole && (file.spec.format === 'dst-labelled-csv' || file.spec.format === 'fvkom-turnout');
      if (!areaBound && !whole && scope === 'rest') continue;
      out.push({
        id: `${file.spec.id}/${scope}`,
        illustrative: false,
        provenance: {
          source: file.spec.source,
          table: file.spec.table,
          fileName: path.posix.join('datasets', file.spec.path),
          sha256: file.sha256,
          query: `bundled file datasets/${file.spec.path}${areaBound ? `, ${scopeText}` : ''}`,
          retrievedAt: new Date(`${file.spec.retrievedAt}T00:00:00Z`),
          licence: file.spec.licence,
          note: file.spec.note,
        },
        items: () => realItems(file).filter((i) => !areaBound || inScope(i.observation.area)),
      });
    }
    // The rest of the illustrative FOLK1E (some 44,000 rows) is stored a few areas a batch, so that no one
    // transaction holds the embedded database's one connection for long while pages are being served. The areas
    // come from the registry, not the model: a restart's check needs the descriptions alone.
    const chunks =
      scope === 'startup'
        ? [{ id: 'startup', areas: focusAreas, text: scopeText }]
        : chunked(folk1eAreaOrder(registry).filter(inScope), FOLK1E_AREAS_PER_BATCH).map((areas, i) => ({
            id: `rest-${i + 1}`,
            areas,
            text: `areas ${areas.join(',')}`,
          }));
    for (const chunk of chunks)
      out.push({
        id: `illustrative-folk1e/${chunk.id}`,
        illustrative: true,
        provenance: {
          source: 'illustrative',
          table: FOLK1E_TABLE,
          query: `illustrative generator v${GENERATOR_VERSION}: FOLK1E ${FOLK1E_FROM}–${FOLK1E_TO}, ${chunk.text}; bundle files sha256 ${bundleSha}`,
          retrievedAt: ILLUSTRATIVE_MADE_AT,
          licence: ILLUSTRATIVE_LICENCE,
          note: FOLK1E_NOTE,
        },
        items: () => numbered(folk1e().observations(chunk.areas)),
      });
    for (const definition of definitions)
      out.push({
        id: `illustrative-indicators/${definition.id}/${scope}`,
        illustrative: true,
        skip: registry.byCode(definition.organisation.areaCode)
          ? undefined
          : `område ${definition.organisation.areaCode} findes ikke i områderegistret (datasets/areas.csv)`,
        provenance: {
          source: 'illustrative',
          query: `illustrative generator v${GENERATOR_VERSION}: indicators of ${definition.id} (definition sha256 ${sha256(JSON.stringify(definition))}), ${scopeText}; bundle files sha256 ${bundleSha}`,
          retrievedAt: ILLUSTRATIVE_MADE_AT,
          licence: ILLUSTRATIVE_LICENCE,
          note: indicatorSeriesNote(definition.id),
        },
        items: () =>
          numbered(
            generateIndicatorSeries({ definition, registry, population: folk1e() }).filter((o) =>
              inScope(o.area),
            ),
          ),
      });
    return out;
  };
  return { registry, focusAreas, files, folk1e, parts };
}

/** How many areas one batch of the illustrative FOLK1E's rest holds (about 440 rows an area). */
export const FOLK1E_AREAS_PER_BATCH = 10;

/** The areas the illustrative FOLK1E model gives figures for, as the model orders them. */
function folk1eAreaOrder(registry: AreaRegistry): readonly string[] {
  return [
    ...registry.areas.filter((a) => a.region === undefined),
    ...registry.areas.filter((a) => a.region !== undefined),
  ].map((a) => a.code);
}

function chunked<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Each strategy's own area and the country: what the strategy's pages show first. Sorted by code. */
function focusAreasOf(definitions: readonly StrategyDefinition[], registry: AreaRegistry): readonly string[] {
  const own = definitions.map((d) => d.organisation.areaCode).filter((c) => registry.byCode(c));
  return [...new Set(['000', ...own])].sort();
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the real files.

function readRealFile(file: BundleFile, registry: AreaRegistry): readonly ObservationItem[] {
  const { spec } = file;
  const name = spec.path;
  const series = spec.series ?? spec.table ?? spec.id;
  switch (spec.format) {
    case 'statbank-csv': {
      let table;
      try {
        table = readStatbankCsv(file.bytes);
      } catch (e) {
        if (e instanceof StatbankFormatError) throw new InvalidInputError(`${name}: ${e.message}`);
        throw e;
      }
      return convert(
        name,
        table.rows.map((r) => ({
          line: r.line,
          coordinates: r.coordinates,
          value: typeof r.value === 'number' ? r.value : { marker: r.value.marker },
        })),
        series,
      );
    }
    case 'dst-labelled-csv': {
      const read = readLabelledCsv(file.bytes, name, registry, labelledSpec(spec));
      refuseIfRejected(name, read.rejected);
      return convert(name, read.cells, series);
    }
    case 'fvkom-turnout':
      return fvkomTurnout(file, registry, series);
    case 'integrationsbarometer-csv':
      return integrationsbarometer(file, series);
    case 'factor-csv':
      return [];
  }
}

function labelledSpec(spec: ManifestFile): LabelledCsvSpec {
  const l = spec.labels;
  if (!l) throw new InvalidInputError(`${MANIFEST_FILE}: ${spec.id} needs "labels" for its format`);
  return {
    ...l,
    nonAreaLabelPattern: l.nonAreaLabelPattern ? new RegExp(l.nonAreaLabelPattern) : undefined,
  };
}

/** StatBank cells → observations, line by line so a refusal names its line. Counts: unit "number". */
function convert(name: string, cells: readonly StatbankCell[], series: string): ObservationItem[] {
  const out: ObservationItem[] = [];
  const rejected: { line: number; reason: string }[] = [];
  for (const cell of cells) {
    const r = cellsToObservations([cell], { table: series, unit: 'number' });
    const o = r.observations[0];
    if (o) out.push({ line: cell.line, observation: o });
    else rejected.push(...r.rejected);
  }
  refuseIfRejected(name, rejected);
  return out;
}

function refuseIfRejected(name: string, rejected: readonly { line: number; reason: string }[]): void {
  if (rejected.length > 0)
    throw new InvalidInputError(
      `${name}: ${rejected.length} lines could not be read; the bundled dataset is broken`,
      rejected.slice(0, 20).map((r) => `line ${r.line}: ${r.reason}`),
    );
}

/**
 * Turnout per municipality and election: (VALID VOTES + INVALID VOTES) / NUMBER OF VOTERS, the electorate.
 * FVKOM's codes for these results are not in the file, so the derived share is its own series.
 */
function fvkomTurnout(file: BundleFile, registry: AreaRegistry, series: string): ObservationItem[] {
  const labels = { 'NUMBER OF VOTERS': 'electorate', 'VALID VOTES': 'valid', 'INVALID VOTES': 'invalid' };
  const read = readLabelledCsv(file.bytes, file.spec.path, registry, {
    areaVariable: 'OMRÅDE',
    select: { VALRES: Object.keys(labels) },
    codes: { VALRES: labels },
  });
  refuseIfRejected(file.spec.path, read.rejected);
  const byKey = new Map<
    string,
    { area: string; year: string; line: number; parts: Record<string, number> }
  >();
  for (const c of read.cells) {
    const area = c.coordinates.OMRÅDE as string;
    const year = c.coordinates.TID as string;
    const entry = byKey.get(`${area}@${year}`) ?? { area, year, line: c.line, parts: {} };
    if (typeof c.value === 'number') entry.parts[c.coordinates.VALRES as string] = c.value;
    byKey.set(`${area}@${year}`, entry);
  }
  const out: ObservationItem[] = [];
  for (const e of byKey.values()) {
    const { electorate, valid, invalid } = e.parts;
    if (electorate === undefined || valid === undefined || invalid === undefined || electorate === 0)
      throw new InvalidInputError(`${file.spec.path}: incomplete turnout for ${e.area} in ${e.year}`);
    out.push({
      line: e.line,
      observation: {
        series,
        area: e.area,
        period: e.year,
        dims: {},
        value: { kind: 'number', value: (valid + invalid) / electorate },
        numerator: valid + invalid,
        denominator: electorate,
        unit: 'share',
        status: 'final',
        illustrative: false,
      },
    });
  }
  return out;
}

const BAROMETER_HEADER = 'measure;statistic;area;period;value;unit;baseline;description';

/** Our transcription of the barometer's national figures: per cent → share, percentage points as they are. */
function integrationsbarometer(file: BundleFile, series: string): ObservationItem[] {
  const lines = file.bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  if (lines[0] !== BAROMETER_HEADER)
    throw new InvalidInputError(`${file.spec.path}:1: expected the header "${BAROMETER_HEADER}"`);
  const out: ObservationItem[] = [];
  lines.slice(1).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const [measure = '', statistic = '', area = '', period = '', value = '', unit = ''] = raw.split(';');
    const v = Number(value);
    if (!/^\d+\.\d+$/.test(measure) || !Number.isFinite(v) || value.trim() === '')
      throw new InvalidInputError(`${file.spec.path}:${i + 2}: cannot read "${raw}"`);
    if (unit !== 'percent' && unit !== 'percentage-points')
      throw new InvalidInputError(`${file.spec.path}:${i + 2}: unknown unit "${unit}"`);
    out.push({
      line: i + 2,
      observation: {
        series,
        area,
        period,
        dims: { measure, statistic },
        value: { kind: 'number', value: unit === 'percent' ? v / 100 : v },
        unit: unit === 'percent' ? 'share' : 'percentage-points',
        status: 'final',
        illustrative: false,
      },
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The anchors of the illustrative FOLK1E: real totals, real shares, real cells.

function folk1eModelOf(
  files: readonly BundleFile[],
  registry: AreaRegistry,
  realItems: (file: BundleFile) => readonly ObservationItem[],
): Folk1eModel {
  const leaves = new Set(registry.leaves().map((a) => a.code));
  const totals = new Map<string, PeriodFigure>();
  const shares: PeriodFigure[] = [];
  const measuredCells = new Map<string, Partial<Record<string, number>>>();
  // FOLK1A first, so FOLK1AM (monthly, the more recent retrieval) wins where both give the same quarter.
  const order = (f: BundleFile) => (f.spec.table === 'FOLK1AM' ? 1 : 0);
  for (const file of [...files].sort((a, b) => order(a) - order(b))) {
    const { table, format, role } = file.spec;
    if (format === 'factor-csv' && role === 'non-danish-share')
      for (const f of readFactorCsv(file.bytes.toString('utf8'), file.spec.path, registry))
        shares.push({ area: f.area, period: immigrationShareQuarter(f.year), value: f.value });
    if (table === 'FOLK1A' || table === 'FOLK1AM')
      for (const { observation: o } of realItems(file)) {
        const quarter = table === 'FOLK1AM' ? quarterStartingIn(o.period) : o.period;
        if (quarter && leaves.has(o.area) && o.value.kind === 'number')
          totals.set(`${o.area}@${quarter}`, { area: o.area, period: quarter, value: o.value.value });
      }
    if (table === FOLK1E_TABLE && format === 'statbank-csv')
      for (const { observation: o } of realItems(file)) {
        if (o.dims.KØN !== 'TOT' || o.dims.ALDER !== 'IALT' || o.value.kind !== 'number') continue;
        const k = `${o.area}@${o.period}`;
        measuredCells.set(k, { ...measuredCells.get(k), [o.dims.HERKOMST ?? '']: o.value.value });
      }
  }
  const measured: MeasuredCells[] = [];
  for (const [k, cells] of measuredCells) {
    const [area = '', period = ''] = k.split('@');
    if (HERKOMST_CODES.every((c) => cells[c] !== undefined))
      measured.push({ area, period, cells: cells as Folk1eCells });
  }
  return buildFolk1eModel({ registry, totals: [...totals.values()], nonDanishPercent: shares, measured });
}

// ---------------------------------------------------------------------------------------------------------------
// Precedence: what a bundled row may not replace.

/**
 * Leaves out rows whose key already has a measured current figure that an import of this part must not replace:
 * any measured figure for an illustrative part; for a real part, one retrieved after this file was.
 */
async function withoutSuperseded(
  database: Database,
  items: readonly ObservationItem[],
  part: BundlePart,
): Promise<{ kept: ImportItem[]; keptBack: number }> {
  const bySeries = new Map<string, Set<string>>();
  for (const { observation: o } of items) {
    const areas = bySeries.get(o.series) ?? new Set();
    areas.add(o.area);
    bySeries.set(o.series, areas);
  }
  const blocking = new Set<string>();
  for (const [series, areas] of bySeries) {
    const current = (await currentObservations(database, { series, areas: [...areas] })).filter(
      (o) => !o.illustrative,
    );
    if (current.length === 0) continue;
    const retrieved = new Map(
      (await findBatches(database, [...new Set(current.map((o) => o.batchId))])).map((b) => [
        b.id,
        b.provenance.retrievedAt.getTime(),
      ]),
    );
    for (const o of current)
      if (part.illustrative || (retrieved.get(o.batchId) ?? 0) > part.provenance.retrievedAt.getTime())
        blocking.add(observationKey(o));
  }
  if (blocking.size === 0) return { kept: [...items], keptBack: 0 };
  const kept = items.filter((i) => !blocking.has(observationKey(i.observation)));
  return { kept, keptBack: items.length - kept.length };
}

function observationKey(o: Pick<Observation, 'series' | 'area' | 'period' | 'dims'>): string {
  return `${o.series}|${o.area}|${o.period}|${dimsKey(o.dims)}`;
}

/** What makes two batches the same bundled part: source, description and file hash. */
function fingerprint(p: Provenance): string {
  return `${p.source}|${p.query ?? ''}|${p.sha256 ?? ''}`;
}

function numbered(observations: readonly Observation[]): ObservationItem[] {
  return observations.map((observation, i) => ({ line: i + 1, observation }));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
