// Where a figure came from, as every JSON answer gives it: one shape for the population and indicator APIs.
import type { SourceNote } from '../service/population.ts';

export function provenanceJson(sources: readonly SourceNote[]) {
  return sources.map((s) => ({
    batch: s.batchId,
    source: s.provenance.source,
    table: s.provenance.table,
    query: s.provenance.query,
    file: s.provenance.fileName,
    sha256: s.provenance.sha256,
    retrievedAt: s.provenance.retrievedAt.toISOString(),
    importedAt: s.importedAt.toISOString(),
    licence: s.provenance.licence,
    illustrative: s.illustrative,
    note: s.provenance.note,
  }));
}
