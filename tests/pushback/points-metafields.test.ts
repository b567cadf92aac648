import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { jobHandlers } from "../../app/jobs/registry.server";
import { EmbeddedJobQueue } from "../../app/jobs/queue.server";
import { adjustCustomerPoints } from "../../app/points/customer-points.server";
import { enablePoints } from "../points/support";
import { type ShopHarness, startShopHarness, writeMetrics } from "./harness";

/*
 * One writer per `$app:kizuna` value: whatever made a customer's values change (a points movement, a
 * recompute), the storefront ends with the same documented values — `tier` is the stable tier id,
 * `tier_name` its display name, `tier_progress` agrees with both.
 */

let h: ShopHarness;
let queue: EmbeddedJobQueue;

beforeAll(async () => {
  h = await startShopHarness({ customers: 4 });
  queue = new EmbeddedJobQueue(
    db(),
    () => new Date(),
    () => undefined,
  );
  await enablePoints(db(), h.shop, { welcomeBonus: 0 });
});
afterAll(() => h.stop());

function kizunaMetafields(customerId: bigint): Record<string, { type: string; value: string }> {
  const customer = h.emulator.store(h.shop.domain).customers.get(Number(customerId));
  return Object.fromEntries(
    (customer?.metafields ?? [])
      .filter((m) => m.namespace.endsWith("--kizuna"))
      .map((m) => [m.key, { type: m.type, value: m.value }]),
  );
}

async function drain(): Promise<void> {
  await queue.drain(jobHandlers({ client: db(), queue }));
}

async function setAccount(customerId: bigint, tier: string, rollingSpendMinor: number): Promise<void> {
  await db().pointsAccount.update({
    where: { shopId_customerId: { shopId: h.shop.id, customerId } },
    data: { tier, rollingSpendMinor },
  });
}

describe("the storefront values of a member", () => {
  const expectedGold = (balance: number) => ({
    points_balance: { type: "number_integer", value: String(balance) },
    tier: { type: "single_line_text_field", value: "gold" },
    tier_name: { type: "single_line_text_field", value: "Gold" },
  });

  it("after a points change: balance, tier id, tier name and progress from the stored tier", async () => {
    const [customerId] = h.customerIds;
    await adjustCustomerPoints(
      db(),
      h.shop,
      { customerId, values: { points: "300", reason: "Welcome gift", adjustmentId: "gift-0001" } },
      { queue },
    );
    // Tiers move at the daily run, not in between: the member stays gold although the spend fell.
    await setAccount(customerId, "gold", 60_000);
    await adjustCustomerPoints(
      db(),
      h.shop,
      { customerId, values: { points: "20", reason: "Survey", adjustmentId: "survey-0001" } },
      { queue },
    );
    await drain();
    const values = kizunaMetafields(customerId);
    expect(values).toMatchObject(expectedGold(320));
    expect(JSON.parse(values.tier_progress.value)).toEqual({
      tier: "gold",
      tier_name: "Gold",
      next_tier: null,
      next_tier_name: null,
      spend_to_next_minor: null,
      spend_to_next_money: null,
      currency: "JPY",
      progress_percent: 100,
    });
  });

  it("after a recompute: the same values, not a second version of them", async () => {
    const [customerId] = h.customerIds;
    await writeMetrics(h.shop, customerId, { segment: "champions", rfm: [5, 5, 5], predictedClv12mMinor: 90_000, pAlive: 0.9 });
    await queue.enqueue("pushback.push", { shopId: h.shop.id }, { shopId: h.shop.id });
    await drain();
    const values = kizunaMetafields(customerId);
    expect(values).toMatchObject({
      ...expectedGold(320),
      segment: { type: "single_line_text_field", value: "champions" },
    });
    expect(JSON.parse(values.tier_progress.value)).toMatchObject({ tier: "gold", tier_name: "Gold", next_tier: null });
  });

  it("a member never analysed (no metrics yet) still gets the values, and a later change only the changed ones", async () => {
    const customerId = h.customerIds[1];
    await adjustCustomerPoints(
      db(),
      h.shop,
      { customerId, values: { points: "50", reason: "Review", adjustmentId: "review-0001" } },
      { queue },
    );
    await setAccount(customerId, "silver", 100_000);
    await adjustCustomerPoints(
      db(),
      h.shop,
      { customerId, values: { points: "5", reason: "Review", adjustmentId: "review-0002" } },
      { queue },
    );
    await drain();
    const values = kizunaMetafields(customerId);
    expect(values).toMatchObject({
      points_balance: { value: "55" },
      tier: { value: "silver" },
      tier_name: { value: "Silver" },
    });
    expect(JSON.parse(values.tier_progress.value)).toMatchObject({
      tier: "silver",
      next_tier: "gold",
      spend_to_next_minor: 50_000,
      progress_percent: 50,
    });

    const before = h.emulator.control.calls({ field: "metafieldsSet" }).length;
    await adjustCustomerPoints(
      db(),
      h.shop,
      { customerId, values: { points: "-5", reason: "Correction", adjustmentId: "review-0003" } },
      { queue },
    );
    await drain();
    const sets = h.emulator.control.calls({ field: "metafieldsSet" }).slice(before);
    expect(
      sets.flatMap((call) => (call.args.metafields as { key: string; value: string }[]).map((m) => [m.key, m.value])),
    ).toEqual([["points_balance", "50"]]);
    // nothing left to push: another run writes nothing
    const after = h.emulator.control.calls().length;
    await queue.enqueue("pushback.push", { shopId: h.shop.id }, { shopId: h.shop.id });
    await drain();
    expect(
      h.emulator.control
        .calls()
        .slice(after)
        .filter((call) => call.field === "metafieldsSet"),
    ).toEqual([]);
  });
});
