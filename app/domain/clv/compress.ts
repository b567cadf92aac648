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

const MAX_PACKED_X = 2 ** 11;
const MAX_PACKED_TIME = 2 ** 21;

/**
 * compressRows for BG/NBD's (x, t_x, T). Summary times are whole days, in days or in weeks (days / 7),
 * so 7·t is an integer: then the three columns pack exactly into one 53-bit number and a native
 * Float64Array sort replaces a million nested-Map lookups (~5× faster). Anything else takes the
 * generic path.
 */
export function compressSummaryRows(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): CompressedRows {
  const n = x.length;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const a = Math.round(tx[i] * 7);
    const b = Math.round(T[i] * 7);
    const onGrid =
      Number.isInteger(xi) &&
      xi >= 0 &&
      xi < MAX_PACKED_X &&
      a / 7 === tx[i] &&
      a >= 0 &&
      a < MAX_PACKED_TIME &&
      b / 7 === T[i] &&
      b >= 0 &&
      b < MAX_PACKED_TIME;
    if (!onGrid) return compressRows([x, tx, T]);
    packed[i] = (xi * MAX_PACKED_TIME + a) * MAX_PACKED_TIME + b;
  }
  packed.sort();
  let size = 0;
  for (let i = 0; i < n; i++) if (i === 0 || packed[i] !== packed[i - 1]) size++;
  const outX = new Float64Array(size);
  const outTx = new Float64Array(size);
  const outT = new Float64Array(size);
  const weight = new Float64Array(size);
  let j = -1;
  for (let i = 0; i < n; i++) {
    const key = packed[i];
    if (i === 0 || key !== packed[i - 1]) {
      j++;
      const b = key % MAX_PACKED_TIME;
      const rest = (key - b) / MAX_PACKED_TIME;
      const a = rest % MAX_PACKED_TIME;
      outX[j] = (rest - a) / MAX_PACKED_TIME;
      outTx[j] = a / 7;
      outT[j] = b / 7;
    }
    weight[j]++;
  }
  return { keys: [outX, outTx, outT], weight, size };
}
