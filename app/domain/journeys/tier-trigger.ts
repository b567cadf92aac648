import type { JourneyTrigger } from "./definition";

/**
 * The "member tier changed" trigger: a points tier move (as the points ledger records it) enrols the customer
 * in journeys whose trigger asks for that direction. Joining the program counts as a move up only when the
 * first tier is above the lowest one (a new member placed in the entry tier has not changed tier).
 */
export interface TierMove {
  from: string | null;
  to: string;
  direction: "up" | "down" | "joined";
}

/** up | down, or null for a move no journey reacts to. `tierIds` lowest first (the program's order). */
export function tierMoveDirection(move: TierMove, tierIds: readonly string[]): "up" | "down" | null {
  if (move.direction === "joined") return tierIds.indexOf(move.to) > 0 ? "up" : null;
  return move.direction;
}

export function tierTriggerMatches(
  trigger: Extract<JourneyTrigger, { kind: "tier_changed" }>,
  move: TierMove,
  tierIds: readonly string[],
): boolean {
  const direction = tierMoveDirection(move, tierIds);
  if (direction === null) return false;
  return trigger.direction === "any" || trigger.direction === direction;
}

/** One entry per recorded move: the day (UTC) and the tiers, as the ledger's tier-change row names it. */
export function tierTriggerKey(move: TierMove, at: Date): string {
  return `tier:${at.toISOString().slice(0, 10)}:${move.from ?? "none"}>${move.to}`;
}
