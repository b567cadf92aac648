/**
 * Collapses identical summary rows into (row, weight) pairs. Likelihoods are sums over customers, so
 * fitting on the distinct rows with weights is exact — and a million customers usually have only a
 * few thousand distinct (x, t_x, T) combinations when time is counted in whole days.
 */

export interface CompressedRows {
  /** Distinct rows; `keys[k][i]` is column k of row i. */
  keys: Float64Array[];
  weight: Float64Array;
  size: number;
}

/** Groups rows by the exact values of the given columns (all the same length), keeping first-seen order. */
export function compressRows(columns: readonly ArrayLike<number>[], include?: (row: number) => boolean): CompressedRows {
  const n = columns[0]?.length ?? 0;
  const depth = columns.length;
  // Nested maps keyed by each column's number: exact (no string keys, no float hashing tricks).
  const root = new Map<number, unknown>();
  const rowOf: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    if (include && !include(i)) continue;
    let node = root;
    for (let k = 0; k < depth - 1; k++) {
      const key = columns[k][i];
      let next = node.get(key) as Map<number, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(key, next);
      }
      node = next;
    }
    const leafKey = columns[depth - 1][i];
    const existing = node.get(leafKey) as number | undefined;
    if (existing === undefined) {
      node.set(leafKey, weights.length);
      rowOf.push(i);
      weights.push(1);
    } else weights[existing]++;
  }
  const size = rowOf.length;
  const keys = columns.map((column) => {
    const out = new Float64Array(size);
    for (let j = 0; j < size; j++) out[j] = column[rowOf[j]];
    return out;
  });
  return { keys, weight: Float64Array.from(weights), size };
}
