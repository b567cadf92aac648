/**
 * Customers grouped by their exact (x, t_x, T): every model quantity (P(alive), expected purchases, their
 * intervals) is the same inside a group, so it is computed once per group, not once per customer. A
 * million customers counted in whole days have a few tens of thousands of groups.
 */

export interface SummaryGroups {
  size: number;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Customers in each group. */
  count: Float64Array;
  /** Summary row → its group. */
  groupOf: Int32Array;
}

const PACK = 2 ** 21;

export function groupSummaryRows(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): SummaryGroups {
  const n = x.length;
  const groupOf = new Int32Array(n);
  const numeric = new Map<number, number>();
  const text = new Map<string, number>();
  const gx: number[] = [];
  const gtx: number[] = [];
  const gT: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.round(tx[i] * 7);
    const b = Math.round(T[i] * 7);
    const onGrid =
      Number.isInteger(x[i]) &&
      x[i] >= 0 &&
      x[i] < 2048 &&
      a / 7 === tx[i] &&
      b / 7 === T[i] &&
      a >= 0 &&
      b >= 0 &&
      a < PACK &&
      b < PACK;
    let g: number | undefined;
    if (onGrid) {
      const key = (x[i] * PACK + a) * PACK + b;
      g = numeric.get(key);
      if (g === undefined) {
        g = count.length;
        numeric.set(key, g);
      }
    } else {
      const key = `${x[i]},${tx[i]},${T[i]}`;
      g = text.get(key);
      if (g === undefined) {
        g = count.length;
        text.set(key, g);
      }
    }
    if (g === count.length) {
      gx.push(x[i]);
      gtx.push(tx[i]);
      gT.push(T[i]);
      count.push(0);
    }
    count[g]++;
    groupOf[i] = g;
  }
  return {
    size: count.length,
    x: Float64Array.from(gx),
    tx: Float64Array.from(gtx),
    T: Float64Array.from(gT),
    count: Float64Array.from(count),
    groupOf,
  };
}
