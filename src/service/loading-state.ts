// What of the bundled dataset is still being loaded into a database, for the pages to say so. Kept per database
// handle, in this process: the load runs in the process that serves the pages (`background-load.ts`).

/**
 * `startup` — the strategies' own areas and the country, which every page with figures shows; `rest` — the other
 * municipalities, which pages show when a reader picks one or compares; `incomplete` — a part could not be
 * stored, and the next start loads it.
 */
export type DatasetLoadingStage = 'startup' | 'rest' | 'incomplete';

interface LoadingState {
  stage: DatasetLoadingStage | undefined;
  /** Moves at every change of stage, so a page kept while its figures were loading is not served after. */
  generation: number;
}

const states = new WeakMap<object, LoadingState>();

/** What of the bundled dataset is still being loaded into this database, if anything. */
export function datasetLoading(database: object): DatasetLoadingStage | undefined {
  return states.get(database)?.stage;
}

/** A number that moves whenever `datasetLoading` changes; part of the content generation of kept pages. */
export function loadingGeneration(database: object): number {
  return states.get(database)?.generation ?? 0;
}

export function setDatasetLoading(database: object, stage: DatasetLoadingStage | undefined): void {
  const state = states.get(database) ?? { stage: undefined, generation: 0 };
  if (state.stage === stage) return;
  state.stage = stage;
  state.generation++;
  states.set(database, state);
}
