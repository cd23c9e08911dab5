// What a frozen evaluation round stands on, for the round's page: each series' pinned import batches with the
// source, table and moment each was fetched. Empty for a draft, which pins nothing until it is frozen.
import { pinsOf } from '../store/evaluation-store.ts';
import { findBatches } from '../store/observation-store.ts';
import type { Database } from './database.ts';

export interface PinnedBatch {
  readonly id: string;
  readonly source: string;
  readonly table: string | undefined;
  readonly fileName: string | undefined;
  readonly retrievedAt: Date;
  readonly importedAt: Date;
  readonly illustrative: boolean;
}

export interface PinnedSeries {
  readonly series: string;
  readonly batches: readonly PinnedBatch[];
}

/** The pinned batches of a round by series (in the order of the series' ids), each batch oldest first. */
export async function evaluationPins(database: Database, roundId: string): Promise<readonly PinnedSeries[]> {
  const pins = await pinsOf(database.db, roundId);
  const ids = [...new Set([...pins.values()].flat())];
  const byId = new Map((await findBatches(database.db, ids)).map((b) => [b.id, b]));
  return [...pins.entries()].map(([series, batchIds]) => ({
    series,
    batches: [...batchIds]
      .sort((a, b) => Number(a) - Number(b))
      .flatMap((id) => {
        const b = byId.get(id);
        return b
          ? [
              {
                id,
                source: b.provenance.source,
                table: b.provenance.table,
                fileName: b.provenance.fileName,
                retrievedAt: b.provenance.retrievedAt,
                importedAt: b.importedAt,
                illustrative: b.illustrative,
              },
            ]
          : [];
      }),
  }));
}
