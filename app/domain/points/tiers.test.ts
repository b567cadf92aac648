import { describe, expect, it } from "vitest";
import { decideCancellation, decideOrderPaid, decideRefund } from "./decisions";
import { appendEntries, type Ledger } from "./ledger";
import { defaultPointsProgramSettings as settings } from "./settings";
import {
  decideTierChange,
  purchasesFromLedger,
  rollingNetSpendMinor,
  tierForSpend,
  tierProgress,
  tierProgressMetafield,
} from "./tiers";

const NOW = Date.UTC(2025, 5, 15);

describe("tiers", () => {
  it("picks the highest tier whose threshold the spend reaches", () => {
    expect(tierForSpend(settings, 0).id).toBe("bronze");
    expect(tierForSpend(settings, 49_999).id).toBe("bronze");
    expect(tierForSpend(settings, 50_000).id).toBe("silver");
    expect(tierForSpend(settings, 1_000_000).id).toBe("gold");
  });

  it("counts only the rolling window", () => {
    const purchases = [
      { occurredAt: Date.UTC(2024, 5, 15), netMinor: 100_000 }, // exactly 12 months ago: outside
      { occurredAt: Date.UTC(2024, 5, 16), netMinor: 30_000 },
      { occurredAt: Date.UTC(2025, 5, 15), netMinor: 20_000 },
      { occurredAt: Date.UTC(2025, 5, 16), netMinor: 99_000 }, // future: outside
    ];
    expect(rollingNetSpendMinor(purchases, NOW, 12)).toBe(50_000);
  });

  it("derives net purchases from the ledger (refunds subtracted, cancellations zeroed)", () => {
    let ledger: Ledger = [];
    const apply = (decision: ReturnType<typeof decideRefund>) => {
      if (!decision.ok) throw new Error(decision.message.key);
      ledger = appendEntries(ledger, decision.entries);
    };
    for (const [orderId, amount] of [
      ["1", 40_000],
      ["2", 30_000],
    ] as const) {
      apply(
        decideOrderPaid(settings, ledger, {
          orderId,
          netMerchandiseMinor: amount,
          currencyCode: "JPY",
          tierId: null,
          occurredAt: NOW - 1000,
        }),
      );
    }
    apply(decideRefund(ledger, { orderId: "1", refundId: "r", refundedMerchandiseMinor: 10_000, occurredAt: NOW }));
    apply(decideCancellation(ledger, { orderId: "2", occurredAt: NOW }));
    expect(purchasesFromLedger(ledger).map((p) => p.netMinor)).toEqual([30_000, 0]);
  });

  it("reports a change only when the tier moves", () => {
    expect(decideTierChange(settings, "silver", 60_000)).toBeNull();
    expect(decideTierChange(settings, "silver", 160_000)).toEqual({
      from: "silver",
      to: "gold",
      direction: "up",
      spendMinor: 160_000,
    });
    expect(decideTierChange(settings, "gold", 10)).toEqual({ from: "gold", to: "bronze", direction: "down", spendMinor: 10 });
    expect(decideTierChange(settings, null, 0)).toEqual({ from: null, to: "bronze", direction: "joined", spendMinor: 0 });
  });

  it("computes progress to the next tier and the metafield the theme block reads", () => {
    expect(tierProgress(settings, 75_000)).toMatchObject({ spendToNextMinor: 75_000, percent: 25 });
    expect(tierProgress(settings, 200_000)).toMatchObject({ nextTier: null, spendToNextMinor: null, percent: 100 });
    expect(tierProgressMetafield(settings, 12_500, 0)).toEqual({
      tier: "bronze",
      tier_name: "Bronze",
      next_tier: "silver",
      next_tier_name: "Silver",
      spend_to_next_minor: 37_500,
      spend_to_next_money: 3_750_000,
      currency: "JPY",
      progress_percent: 25,
    });
  });
});
