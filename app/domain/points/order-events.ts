/*
 * How a stored order (with its refunds) becomes points events. Pure: the service reads the rows and the clock.
 *
 * "Paid" means Shopify's financial status is PAID, PARTIALLY_REFUNDED or REFUNDED: money was captured
 * (a refunded order was paid first; it earns and is then reversed, so the history explains itself).
 * PENDING, AUTHORIZED, PARTIALLY_PAID, VOIDED and EXPIRED orders earn nothing yet; they earn when an
 * update makes them paid. Test orders and orders cancelled before they earned never earn.
 */
import type { CancellationEvent, OrderPaidEvent, RefundEvent } from "./decisions";
import { type Ledger, sourceKeys } from "./ledger";
import type { Purchase } from "./tiers";

export const PAID_FINANCIAL_STATUSES: readonly string[] = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"];

/**
 * An order first seen paid more than this long after it was placed does not earn: it is an old order
 * touched again (tagged, refunded, reconciled), most likely from before the program started.
 * Slow payment methods (konbini, bank transfer) settle well within it.
 */
export const EARN_GRACE_MS = 60 * 86_400_000;

/** A stored order as these rules read it (app/db/points.server.ts loads it, with its refunds). */
export interface OrderForPoints {
  id: bigint;
  customerId: bigint | null;
  processedAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
  currency: string;
  financialStatus: string | null;
  /** net merchandise: after discounts, before shipping and tax */
  subtotalMinor: number;
  test: boolean;
  refunds: RefundForPoints[];
}

export interface RefundForPoints {
  id: bigint;
  shopifyCreatedAt: Date;
  totalMinor: number;
  /** JSON text [{lineItemId, quantity, subtotalMinor}] */
  lineItems: string;
}

type StoredOrder = OrderForPoints;
type StoredRefund = RefundForPoints;

export function isPaid(order: Pick<StoredOrder, "financialStatus">): boolean {
  return order.financialStatus !== null && PAID_FINANCIAL_STATUSES.includes(order.financialStatus);
}

/**
 * The merchandise a refund gives back: the sum of its refunded lines' subtotals when the refund carries
 * lines, else its total (which may include shipping and tax) capped at the order's merchandise.
 */
export function refundedMerchandiseMinor(order: Pick<StoredOrder, "subtotalMinor">, refund: StoredRefund): number {
  let lines: unknown = [];
  try {
    lines = JSON.parse(refund.lineItems);
  } catch {
    lines = [];
  }
  if (Array.isArray(lines) && lines.length > 0) {
    let sum = 0;
    for (const line of lines) {
      const subtotal = (line as { subtotalMinor?: unknown }).subtotalMinor;
      if (typeof subtotal === "number" && Number.isSafeInteger(subtotal) && subtotal > 0) sum += subtotal;
    }
    return sum;
  }
  return Math.max(0, Math.min(refund.totalMinor, order.subtotalMinor));
}

export interface OrderPointsEvents {
  paid: OrderPaidEvent | null;
  refunds: RefundEvent[];
  cancellation: CancellationEvent | null;
}

/** The events an order stands for now. Duplicates of earlier deliveries are dropped later by the decisions. */
export function orderPointsEvents(order: StoredOrder, ledger: Ledger, tierId: string | null, now: number): OrderPointsEvents {
  const orderId = String(order.id);
  const alreadyEarned = ledger.some((entry) => entry.sourceKey === sourceKeys.earn(orderId));
  const mayEarn =
    !alreadyEarned &&
    !order.test &&
    order.cancelledAt === null &&
    isPaid(order) &&
    now - order.processedAt.getTime() <= EARN_GRACE_MS;
  return {
    paid: mayEarn
      ? {
          orderId,
          netMerchandiseMinor: Math.max(0, order.subtotalMinor),
          currencyCode: order.currency,
          tierId,
          occurredAt: order.processedAt.getTime(),
        }
      : null,
    refunds: order.refunds.map((refund) => ({
      orderId,
      refundId: String(refund.id),
      refundedMerchandiseMinor: refundedMerchandiseMinor(order, refund),
      occurredAt: refund.shopifyCreatedAt.getTime(),
    })),
    cancellation: order.cancelledAt
      ? {
          orderId,
          occurredAt: order.cancelledAt.getTime(),
          ...(order.cancelReason ? { reason: `Order cancelled (${order.cancelReason.toLowerCase()})` } : {}),
        }
      : null,
  };
}

/** What an order counts for in rolling net spend: paid, not a test, not cancelled, less refunded merchandise. */
export function purchaseFromOrder(order: StoredOrder): Purchase | null {
  if (order.test || order.cancelledAt !== null || !isPaid(order)) return null;
  const refunded = order.refunds.reduce((sum, refund) => sum + refundedMerchandiseMinor(order, refund), 0);
  return { occurredAt: order.processedAt.getTime(), netMinor: Math.max(0, order.subtotalMinor - refunded) };
}
