// Public entry of the education statistics connector (Børne- og Undervisningsministeriet): the paging client, the
// row reader and the mapping of the exam cubes to observations.
export { UddannelsesstatistikError, type UddannelsesstatistikErrorReason } from './errors.ts';
export {
  HERKOMST_BREAKDOWN,
  PASSED_DANISH_AND_MATHS,
  SCHOOL_YEAR_BREAKDOWN,
  breakdownsOf,
  cubeOf,
  measuresOf,
  requestBody,
  type UddannelsesstatistikQuery,
} from './query.ts';
export {
  DEFAULT_MAX_PAGES,
  DEFAULT_UDDANNELSESSTATISTIK_URL,
  uddannelsesstatistikClient,
  type UddannelsesstatistikClient,
  type UddannelsesstatistikClientOptions,
  type UddannelsesstatistikPage,
  type UddannelsesstatistikRequest,
} from './client.ts';
export {
  readUddannelsesstatistikPages,
  type UddannelsesstatistikRow,
  type UddannelsesstatistikValue,
} from './answer.ts';
export { HERKOMST_GROUPS, herkomstCodeOfValue, originsOfHerkomstCode } from './origin-labels.ts';
export {
  ORIGIN_DIMENSION,
  SHARE_UNIT,
  uddannelsesstatistikObservations,
  type AreaLookup,
} from './to-observations.ts';
