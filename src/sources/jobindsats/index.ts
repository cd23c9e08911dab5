// Public entry of the Jobindsats connector (STAR): the client, the answer reader and the mapping to observations.
export { JobindsatsError, type JobindsatsErrorReason } from './errors.ts';
export {
  DEFAULT_COLUMNS,
  checkTableId,
  dataRequestBody,
  type JobindsatsColumns,
  type JobindsatsMeasure,
  type JobindsatsQuery,
} from './query.ts';
export {
  DEFAULT_JOBINDSATS_URL,
  jobindsatsClient,
  type JobindsatsClient,
  type JobindsatsClientOptions,
  type JobindsatsRequest,
} from './client.ts';
export { readJobindsatsAnswer, type JobindsatsCell, type JobindsatsTable } from './answer.ts';
export { JOBINDSATS_ORIGIN_LABELS, herkomstCodeOfLabel } from './origin-labels.ts';
export {
  MEASURE_DIMENSION,
  ORIGIN_DIMENSION,
  jobindsatsObservations,
  type AreaLookup,
} from './to-observations.ts';
