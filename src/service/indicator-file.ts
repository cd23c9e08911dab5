// `import <file> --indicator <id>` and the admin upload: a filled indicator template (CSV or XLSX) stored as the
// indicator's observations, all or nothing, with the file's name and SHA-256 as provenance. Also the templates.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { areaResource } from '../domain/access/index.ts';
import type { Observation } from '../domain/observation/index.ts';
import { unitKey, type Indicator, type StrategyDefinition } from '../domain/strategy/index.ts';
import {
  checkFileSize,
  csvTemplate,
  formatRejected,
  IndicatorFileError,
  readIndicatorFile,
  templateFileName,
  TEMPLATE_VERSION,
  xlsxTemplate,
  type IndicatorFile,
  type IndicatorFileReading,
  type IndicatorRow,
  type LineWord,
  type TemplateFormat,
} from '../sources/files/index.ts';
import { loadAreas, type AreaRegistry } from '../sources/areas/index.ts';
import { InvalidInputError } from './errors.ts';
import {
  importObservations,
  ImportRefusedError,
  type ImportOutcome,
  type RejectedLine,
} from './observations.ts';
import { authorize, type WriteContext } from './write-gate.ts';

export { MAX_FILE_BYTES as MAX_INDICATOR_FILE_BYTES } from '../sources/files/index.ts';
export type { IndicatorFile, TemplateFormat } from '../sources/files/index.ts';

/** The bundled DST area registry, read once: an indicator file's area codes must be in it. */
let areaRegistry: Promise<AreaRegistry> | undefined;
const areas = () => (areaRegistry ??= loadAreas({ withProfiles: false }));

/** At most this many rejected lines are listed; the message gives the full count. */
const MAX_LISTED = 1_000;

export interface IndicatorImportOutcome extends ImportOutcome {
  readonly indicatorId: string;
  readonly format: IndicatorFileReading['format'];
  readonly encoding?: string | undefined;
  readonly delimiter?: string | undefined;
  readonly sheet?: string | undefined;
}

/**
 * A refused indicator file: the whole file (one entry, line 0 unless the problem is on one line) or its bad rows,
 * each as "linje 7: tæller (12) er større end nævner (10)" ("række 7" for a spreadsheet). Nothing was stored.
 */
export class IndicatorFileRefusedError extends ImportRefusedError {
  override readonly details: readonly string[];
  constructor(
    message: string,
    rejected: readonly RejectedLine[],
    readonly lineWord: LineWord,
  ) {
    super(message, rejected);
    this.details = rejected.map((r) => formatRejected(r, lineWord));
  }
}

export interface IndicatorTemplate {
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

const contentTypes: Record<TemplateFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The indicator and the focus area it belongs to; an unknown id is refused with the ids there are. */
export function findIndicator(
  strategy: StrategyDefinition,
  indicatorId: string,
): { readonly indicator: Indicator; readonly area: StrategyDefinition['areas'][number] } {
  for (const area of strategy.areas)
    for (const indicator of area.indicators) if (indicator.id === indicatorId) return { indicator, area };
  const known = strategy.areas.flatMap((a) => a.indicators.map((i) => i.id));
  throw new InvalidInputError(
    `strategien "${strategy.id}" har ingen indikator med id "${indicatorId.slice(0, 100)}"`,
    [`kendte indikatorer: ${known.join(', ')}`],
  );
}

export async function indicatorTemplate(
  strategy: StrategyDefinition,
  indicatorId: string,
  format: TemplateFormat,
): Promise<IndicatorTemplate> {
  const { indicator } = findIndicator(strategy, indicatorId);
  const bytes = format === 'csv' ? csvTemplate(strategy, indicator) : await xlsxTemplate(strategy, indicator);
  return { fileName: templateFileName(indicator, format), contentType: contentTypes[format], bytes };
}

/**
 * Reads a file from disk for `importIndicatorFile`, refusing it by its size before a byte is read: a 200 MB file
 * costs a stat call, not 200 MB of memory.
 */
export async function readIndicatorFileFromDisk(filePath: string): Promise<IndicatorFile> {
  const name = path.basename(filePath);
  const info = await stat(filePath).catch((e: NodeJS.ErrnoException) => {
    throw new InvalidInputError(`${name}: ${e.code === 'ENOENT' ? 'filen findes ikke' : e.message}`);
  });
  if (!info.isFile()) throw new InvalidInputError(`${name}: er ikke en almindelig fil`);
  try {
    checkFileSize(info.size);
  } catch (e) {
    throw e instanceof IndicatorFileError ? refusedWhole(name, e) : e;
  }
  return { name, bytes: await readFile(filePath) };
}

/**
 * Imports a filled template for one indicator. The write gate's policy decides first (action
 * `observations.import`, asked with the indicator's focus area so a rule for the area's own editors can follow);
 * then the file is read and validated whole; then every row is stored as one batch, or none is.
 */
export async function importIndicatorFile(
  ctx: WriteContext,
  strategy: StrategyDefinition,
  indicatorId: string,
  file: IndicatorFile,
): Promise<IndicatorImportOutcome> {
  const { indicator, area } = findIndicator(strategy, indicatorId);
  await authorize(ctx, 'observations.import', {
    resource: areaResource(area),
    subject: { type: 'indicator', id: indicator.id },
  });
  let reading: IndicatorFileReading;
  try {
    // Figures in a file are measured and typed by hand: no period that has not begun, no area that does not exist.
    const registry = await areas();
    reading = await readIndicatorFile(file, indicator, {
      isArea: (code) => registry.byCode(code) !== undefined,
      now: ctx.now(),
    });
  } catch (e) {
    throw e instanceof IndicatorFileError ? refusedWhole(file.name, e) : e;
  }
  const { rows, rejected, lineWord } = reading;
  if (rejected.length > 0) {
    const plural = lineWord === 'linje' ? 'linjer' : 'rækker';
    throw new IndicatorFileRefusedError(
      `${file.name}: ${rejected.length} af ${rows.length + rejected.length} ${plural} blev afvist; intet er indlæst`,
      rejected.slice(0, MAX_LISTED),
      lineWord,
    );
  }
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const how =
    reading.format === 'csv'
      ? `CSV, ${reading.encoding}, skilletegn "${reading.delimiter}"`
      : `XLSX, arket "${reading.sheet}"`;
  const provenance = {
    source: 'file' as const,
    table: indicator.id,
    fileName: file.name,
    sha256,
    retrievedAt: ctx.now(),
    note: `indikatorfil for "${indicator.id}" (skabelon version ${TEMPLATE_VERSION}; ${how})`,
  };
  let outcome: ImportOutcome;
  try {
    outcome = await importObservations(
      ctx,
      provenance,
      (function* () {
        for (const row of rows) yield { line: row.line, observation: toObservation(indicator, row) };
      })(),
      { series: [indicator.id] },
    );
  } catch (e) {
    // The observation schema is the last word; a row it refuses is still this file's row and is reported so.
    if (e instanceof ImportRefusedError && !(e instanceof IndicatorFileRefusedError))
      throw new IndicatorFileRefusedError(`${file.name}: ${e.message}`, e.rejected, lineWord);
    throw e;
  }
  return {
    ...outcome,
    indicatorId: indicator.id,
    format: reading.format,
    encoding: reading.encoding,
    delimiter: reading.delimiter,
    sheet: reading.sheet,
  };
}

/**
 * An indicator row as an observation of the series named by the indicator's id. Dimensions: `group` always;
 * `sex`, `originSubgroup` and `ageBand` only when the row is not "i alt", so a total and its breakdown differ
 * by key. A share is stored as its value with the counts beside it, which the engine's intervals need.
 */
export function toObservation(indicator: Indicator, row: IndicatorRow): Observation {
  const dims: Record<string, string> = { group: row.group };
  if (row.sex) dims.sex = row.sex;
  if (row.originSubgroup) dims.originSubgroup = row.originSubgroup;
  if (row.ageBand) dims.ageBand = row.ageBand;
  const f = row.figure;
  const value = f.kind === 'share' ? f.numerator / f.denominator : f.kind === 'count' ? f.count : f.value;
  return {
    series: indicator.id,
    area: row.area,
    period: row.period,
    dims,
    value: { kind: 'number', value },
    numerator: f.kind === 'share' ? f.numerator : undefined,
    denominator: f.kind === 'share' ? f.denominator : undefined,
    unit: unitKey(indicator.unit),
    status: 'final',
    illustrative: false,
  };
}

function refusedWhole(name: string, e: IndicatorFileError): IndicatorFileRefusedError {
  return new IndicatorFileRefusedError(
    `${name}: ${e.message}; intet er indlæst`,
    [{ line: e.line ?? 0, reason: e.reason }],
    e.lineWord,
  );
}
