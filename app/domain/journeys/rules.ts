/**
 * Who enters, who is held out, who leaves: the small decisions of the journey engine, pure.
 */
import { MS_PER_DAY } from "../time";
import type { JourneyAudience, JourneyReentry } from "./definition";

/**
 * 64-bit FNV-1a of a text, spread by murmur3's fmix64 finaliser, as a fraction in [0, 1). The same hash the
 * campaigns' hold-out uses (app/campaigns/holdout.ts), over "salt:customerId".
 */
export function unitHash(text: string): number {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  hash ^= hash >> 33n;
  hash = (hash * 0xff51afd7ed558ccdn) & 0xffffffffffffffffn;
  hash ^= hash >> 33n;
  hash = (hash * 0xc4ceb9fe1a85ec53n) & 0xffffffffffffffffn;
  hash ^= hash >> 33n;
  return Number(hash >> 11n) / 2 ** 53;
}

/**
 * A journey's hold-out is decided per customer, as they enter (a journey has no fixed audience to rank as a
 * campaign has): hash(salt, customer) < share. Reproducible — the same salt and customer always give the same
 * group, on every entry — and independent of who else entered. The share is exact only on average.
 */
export function isHeldOut(holdoutSalt: string, customerId: bigint, holdoutShare: number): boolean {
  if (!(holdoutShare > 0)) return false;
  return unitHash(`${holdoutSalt}:${customerId}`) < Math.min(holdoutShare, 0.5);
}

export interface PreviousEntry {
  enteredAt: Date;
  state: string;
}

/**
 * May a customer enter again? Never while an entry is still active; with `never`, not after any entry; with
 * `after_days`, once the latest entry began at least that many days ago.
 */
export function mayEnter(reentry: JourneyReentry, previous: readonly PreviousEntry[], now: Date): boolean {
  if (previous.length === 0) return true;
  if (previous.some((entry) => entry.state === "active")) return false;
  if (reentry.mode === "never") return false;
  const latest = Math.max(...previous.map((entry) => entry.enteredAt.getTime()));
  return now.getTime() - latest >= reentry.days * MS_PER_DAY;
}

export interface AudienceFacts {
  /** current RFM segment key, null when unscored */
  segment: string | null;
  orders: number;
}

export function inAudience(audience: JourneyAudience, facts: AudienceFacts): boolean {
  if (audience.segments && (facts.segment === null || !audience.segments.includes(facts.segment as never))) return false;
  if (audience.minOrders !== undefined && facts.orders < audience.minOrders) return false;
  if (audience.maxOrders !== undefined && facts.orders > audience.maxOrders) return false;
  return true;
}

export interface OrderFacts {
  id: bigint;
  processedAt: Date;
  cancelledAt: Date | null;
  test: boolean;
}

/**
 * Does an order reach the journey's goal for an entry? Any real order (not cancelled, not a test) placed
 * after the customer entered, other than the order that made them enter.
 */
export function isConversion(entry: { enteredAt: Date; triggerKey: string }, order: OrderFacts): boolean {
  if (order.test || order.cancelledAt) return false;
  if (entry.triggerKey === orderTriggerKey(order.id)) return false;
  return order.processedAt.getTime() > entry.enteredAt.getTime();
}

/** The trigger key of an entry made by an order (one entry per order). */
export function orderTriggerKey(orderId: bigint): string {
  return `order:${orderId}`;
}

/** The outbox key of a step's message: unique per journey, entry and step. */
export function outboxKey(journeyId: number, entryId: number, stepIndex: number): string {
  return `j${journeyId}.e${entryId}.s${stepIndex}`;
}

/** The Message-ID of a step's message, fixed before the first attempt: <j1.e2.s3@kizuna.shop-domain>. */
export function stableMessageId(journeyId: number, entryId: number, stepIndex: number, shopDomain: string): string {
  return `<${outboxKey(journeyId, entryId, stepIndex)}@kizuna.${shopDomain}>`;
}
