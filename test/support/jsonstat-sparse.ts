// JSON-stat files that declare many cells in few bytes, for the tests of the StatBank limits.

/** A JSON-stat v2 dataset of `sizes` (one dimension a size), with one figure and every other cell absent. */
export function sparseJsonStat(sizes: readonly number[]): string {
  const ids = sizes.map((_, k) => (k === 0 ? 'OMRÅDE' : k === sizes.length - 1 ? 'Tid' : `V${k}`));
  const dimension = Object.fromEntries(
    ids.map((id, k) => [
      id,
      {
        category: {
          index: Array.from({ length: sizes[k] ?? 0 }, (_, i) =>
            id === 'Tid' ? String(1900 + i) : id === 'OMRÅDE' ? String(100 + i) : `c${i}`,
          ),
        },
      },
    ]),
  );
  return JSON.stringify({
    version: '2.0',
    class: 'dataset',
    id: ids,
    size: sizes,
    dimension,
    value: { '0': 1 },
    extension: { px: { tableid: 'SPARSE1' } },
  });
}
