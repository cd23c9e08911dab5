// Which pages say that the bundled figures are still loading (`service/loading-state.ts`): every page with
// figures while the strategies' own areas are loading; while only the other municipalities are, the pages that
// show them (a chosen or compared area on the indicator and population pages).
import type { Database } from '../service/database.ts';
import { datasetLoading, type DatasetLoadingStage } from '../service/loading-state.ts';

/** What a page of figures says is loading, if anything: `own-area` pages show the strategy's area only. */
export function loadingNotice(
  database: Database,
  page: 'own-area' | 'any-area',
): DatasetLoadingStage | undefined {
  const stage = datasetLoading(database);
  return stage === 'rest' && page === 'own-area' ? undefined : stage;
}
