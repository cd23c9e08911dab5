// Public entry of the illustrative generator: deterministic, documented figures where no real ones exist offline
// (README.md beside this file says how each series is made). Everything it makes is flagged illustrative.
export { hash32, mulberry32, rngFor, type Rng } from './prng.ts';
export {
  buildFolk1eModel,
  splitFractions,
  IllustrativeInputError,
  FOLK1E_TABLE,
  FOLK1E_FROM,
  FOLK1E_TO,
  FOLK1E_TOTAL_DIMS,
  HERKOMST_CODES,
  type Folk1eCells,
  type Folk1eInput,
  type Folk1eModel,
  type HerkomstCode,
  type MeasuredCells,
  type PeriodFigure,
} from './folk1e.ts';
export {
  generateIndicatorSeries,
  indicatorAreas,
  indicatorPeriods,
  ILLUSTRATIVE_PERIODS,
  type IndicatorSeriesInput,
} from './indicator-series.ts';
export {
  indicatorProfile,
  populationFraction,
  ageBands,
  REFERENCE_YEAR,
  type IndicatorProfile,
} from './indicator-profile.ts';
export {
  quarterIndex,
  quarterOf,
  quarterRange,
  quarterStartingIn,
  quarterContaining,
  decimalYear,
  interpolate,
} from './periods.ts';
export { apportion, splitSuccesses } from './split.ts';
export { FOLK1E_NOTE, ILLUSTRATIVE_LICENCE, indicatorSeriesNote } from './provenance.ts';

/** Bumped whenever a change to the generator changes any figure; part of every batch's description. */
export const GENERATOR_VERSION = 1;
