/**
 * How customers moved between segments from one snapshot to the next ("12 Champions became At Risk").
 * Snapshots are segment codes aligned by customer index; NO_SEGMENT marks customers absent from a
 * snapshot (new since, or without orders), shown as "none".
 */
import { NO_SEGMENT, RFM_SEGMENT_KEYS, type RfmSegmentKey } from "./segments";

export type MovementKey = RfmSegmentKey | "none";

export const MOVEMENT_KEYS: readonly MovementKey[] = [...RFM_SEGMENT_KEYS, "none"];

export interface SegmentMovement {
  /** Row/column labels: the segment keys, then "none". */
  keys: readonly MovementKey[];
  /** counts[from][to], indexes into keys. */
  counts: number[][];
}

export function segmentMovement(before: Uint8Array, after: Uint8Array): SegmentMovement {
  if (before.length !== after.length) {
    throw new RangeError(`snapshots must cover the same customers (${before.length} vs ${after.length}); pad with NO_SEGMENT`);
  }
  const size = MOVEMENT_KEYS.length;
  const none = size - 1;
  const flat = new Float64Array(size * size);
  for (let c = 0; c < before.length; c++) {
    const from = before[c] === NO_SEGMENT ? none : before[c];
    const to = after[c] === NO_SEGMENT ? none : after[c];
    flat[from * size + to]++;
  }
  const counts = Array.from({ length: size }, (_, from) => Array.from(flat.subarray(from * size, (from + 1) * size)));
  return { keys: MOVEMENT_KEYS, counts };
}

/** The non-empty cells as rows, largest first, for tables and charts. */
export function movementRows(movement: SegmentMovement): { from: MovementKey; to: MovementKey; customers: number }[] {
  const rows: { from: MovementKey; to: MovementKey; customers: number }[] = [];
  for (let from = 0; from < movement.counts.length; from++) {
    const row = movement.counts[from];
    for (let to = 0; to < row.length; to++) {
      if (row[to] > 0) rows.push({ from: movement.keys[from], to: movement.keys[to], customers: row[to] });
    }
  }
  // Stable sort: equal counts keep the grid order.
  return rows.sort((a, b) => b.customers - a.customers);
}
