// Whether an indicator's figures can be fetched: a query to one of the APIs the system reads (StatBank, Jobindsats,
// the education statistics) or a derivation from a StatBank table. An indicator with none of these gets its
// figures only as an uploaded indicator file.
import type { Indicator } from './schema.ts';

export function fetchedFromAnApi(indicator: Indicator): boolean {
  const s = indicator.source;
  return (
    s.statbank !== undefined ||
    s.derive !== undefined ||
    (s.jobindsats?.length ?? 0) > 0 ||
    (s.uddannelsesstatistik?.length ?? 0) > 0
  );
}
