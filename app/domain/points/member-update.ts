import { appendEntries, type Ledger, type LedgerEntry } from "./ledger";
import type { PointsDecision } from "./decisions";
import { type OrderForPoints, purchaseFromOrder } from "./order-events";
import type { PointsProgramSettings } from "./settings";
import { decideTierChange, type Purchase, rollingNetSpendMinor, type TierChange, tierForSpend } from "./tiers";

/** Collects the entries of several decisions made one after another on the same ledger. */
export class DecisionBatch {
  ledger: Ledger;
  readonly entries: LedgerEntry[] = [];
  readonly refusals: string[] = [];

  constructor(ledger: Ledger) {
    this.ledger = ledger;
  }

  take(decision: PointsDecision): void {
    if (!decision.ok) {
      this.refusals.push(`${decision.error}: ${decision.message}`);
      return;
    }
    this.ledger = appendEntries(this.ledger, decision.entries);
    this.entries.push(...decision.entries);
  }
}

/** A member's tier and rolling spend as they should be stored now. */
export interface TierUpdate {
  tierId: string;
  rollingSpendMinor: number;
  /** null when the customer stays in the same tier (only the spend is refreshed) */
  change: TierChange | null;
  at: number;
}

function purchasesOf(orders: OrderForPoints[]): Purchase[] {
  const purchases: Purchase[] = [];
  for (const order of orders) {
    const purchase = purchaseFromOrder(order);
    if (purchase) purchases.push(purchase);
  }
  return purchases;
}

/** The tier a member should be in now, from the rolling net spend of their orders. */
export function tierUpdateFor(
  settings: PointsProgramSettings,
  account: { tier: string | null },
  orders: OrderForPoints[],
  now: number,
): TierUpdate {
  const spend = rollingNetSpendMinor(purchasesOf(orders), now, settings.tierWindowMonths);
  return {
    tierId: tierForSpend(settings, spend).id,
    rollingSpendMinor: spend,
    change: decideTierChange(settings, account.tier, spend),
    at: now,
  };
}
