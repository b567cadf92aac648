/**
 * How customers moved between segments ("12 Champions became At Risk"). The one place movement is worked
 * out: the recompute finds who changed since the last one and stores the matrix, the segments page compares
 * any two analyses from the recorded changes, and both count the same way. A customer without a segment
 * (no purchase yet, or absent from a snapshot) is "none"; only customers whose segment changed are counted,
 * so the matrix's diagonal is always 0.
 */
import { RFM_SEGMENT_KEYS, type RfmSegmentKey } from "./segments";

export type MovementKey = RfmSegmentKey | "none";

export const MOVEMENT_KEYS: readonly MovementKey[] = [...RFM_SEGMENT_KEYS, "none"];

/** A stored segment (a key, "none", null or anything unknown) as a movement key. */
export function movementKey(segment: string | null | undefined): MovementKey {
  return (RFM_SEGMENT_KEYS as readonly string[]).includes(segment ?? "") ? (segment as RfmSegmentKey) : "none";
}

export interface SegmentMove {
  from: MovementKey;
  to: MovementKey;
}

/** The move between two snapshots of one customer, or null when the segment is the same. */
export function segmentMove(before: string | null | undefined, after: string | null | undefined): SegmentMove | null {
  const from = movementKey(before);
  const to = movementKey(after);
  return from === to ? null : { from, to };
}

/**
 * Recorded changes over several recomputes (oldest first) reduced to each customer's net move, first
 * "from" to last "to"; customers who came back to where they started are left out.
 */
export function netMoves<Id>(changes: Iterable<{ customerId: Id; from: string | null; to: string | null }>): SegmentMove[] {
  const byCustomer = new Map<Id, { from: string | null; to: string | null }>();
  for (const change of changes) {
    const seen = byCustomer.get(change.customerId);
    if (seen) seen.to = change.to;
    else byCustomer.set(change.customerId, { from: change.from, to: change.to });
  }
  const moves: SegmentMove[] = [];
  for (const { from, to } of byCustomer.values()) {
    const move = segmentMove(from, to);
    if (move) moves.push(move);
  }
  return moves;
}

export interface SegmentMovement {
  /** Row/column labels: the segment keys, then "none". */
  keys: readonly MovementKey[];
  /** counts[from][to], indexes into keys. */
  counts: number[][];
  /** Customers who moved (the sum of counts). */
  changed: number;
}

/** The from × to matrix of moves (customers whose segment stayed the same are not moves). */
export function movementMatrix(moves: Iterable<{ from: string | null; to: string | null }>): SegmentMovement {
  const counts = MOVEMENT_KEYS.map(() => MOVEMENT_KEYS.map(() => 0));
  let changed = 0;
  for (const { from, to } of moves) {
    const move = segmentMove(from, to);
    if (!move) continue;
    counts[MOVEMENT_KEYS.indexOf(move.from)][MOVEMENT_KEYS.indexOf(move.to)]++;
    changed++;
  }
  return { keys: MOVEMENT_KEYS, counts, changed };
}

/**
 * A matrix stored by an earlier recompute, re-indexed onto MOVEMENT_KEYS. Summaries written before
 * movement was counted in one place also counted the customers who stayed: the diagonal is dropped.
 */
export function storedMovement(stored: {
  keys: readonly string[];
  counts: readonly (readonly number[])[];
  changed: number;
}): SegmentMovement {
  const position = MOVEMENT_KEYS.map((key) => stored.keys.indexOf(key));
  const counts = MOVEMENT_KEYS.map((_, i) =>
    MOVEMENT_KEYS.map((_, j) =>
      i !== j && position[i] >= 0 && position[j] >= 0 ? (stored.counts[position[i]]?.[position[j]] ?? 0) : 0,
    ),
  );
  return { keys: MOVEMENT_KEYS, counts, changed: stored.changed };
}
