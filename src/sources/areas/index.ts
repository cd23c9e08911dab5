// Public entry of the area registry: DST's area codes as data (datasets/areas.csv), lookups by code and label,
// similar municipalities, and readers that turn the dst-municipal files' English labels into codes.
export * from './area.ts';
export { AreaRegistryError, parseAreas, labelKey } from './parse-areas.ts';
export { AreaRegistry } from './registry.ts';
export { rankBySimilarity, type SimilarityProfile } from './similarity.ts';
export { readFactorCsv, immigrationShareQuarter, type FactorValue } from './factors.ts';
export { readLabelledCsv, type LabelledCsvSpec, type LabelledCsvResult } from './labelled-csv.ts';
export {
  loadAreas,
  similarityProfiles,
  bundledDatasetsDir,
  AREAS_FILE,
  POPULATION_FILE,
  IMMIGRATION_SHARE_FILE,
  FOLK1A_TOTALS_SPEC,
  type LoadAreasOptions,
} from './load-areas.ts';
