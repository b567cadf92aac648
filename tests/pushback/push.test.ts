import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { pushStateOf } from "../../app/db/pushback.server";
import { pushToShopify } from "../../app/pushback/push.server";
import { ensureKizunaMetafieldDefinitions, setCustomerMetafields } from "../../app/shopify/pushback.server";
import { gidOf, type ShopHarness, startShopHarness, writeMetrics } from "./harness";

let h: ShopHarness;
const SEGMENTS = ["champions", "loyal", "at_risk", "hibernating", "lost", "cant_lose_them", "new", "potential_loyalist"];
const TAGGED = new Set(["champions", "loyal", "potential_loyalist", "at_risk", "cant_lose_them"]);

beforeAll(async () => {
  h = await startShopHarness({ customers: 16 });
});
afterAll(() => h.stop());

function tagsOf(customerId: bigint): string[] {
  return [...(h.emulator.store(h.shop.domain).customers.get(Number(customerId))?.tags ?? [])].sort();
}

function kizunaMetafields(customerId: bigint): Record<string, string> {
  const customer = h.emulator.store(h.shop.domain).customers.get(Number(customerId));
  return Object.fromEntries(
    (customer?.metafields ?? []).filter((m) => m.namespace.endsWith("--kizuna")).map((m) => [m.key, m.value]),
  );
}

describe("pushing segments to Shopify", () => {
  const manualTags = new Map<bigint, string[]>();
  const segmentOf = new Map<bigint, string>();

  it("tags and writes metafields for every analysed customer, leaving the merchant's own tags alone", async () => {
    for (const [index, customerId] of h.customerIds.entries()) {
      const segment = SEGMENTS[index % SEGMENTS.length];
      segmentOf.set(customerId, segment);
      await writeMetrics(h.shop, customerId, {
        segment,
        rfm: [5, (index % 5) + 1, 4],
        predictedClv12mMinor: 10_000 + index,
        pAlive: 0.5 + index / 100,
      });
    }
    // the merchant tagged some customers by hand, one even with Kizuna's prefix
    for (const customerId of h.customerIds.slice(0, 4)) {
      const current = h.emulator.store(h.shop.domain).customers.get(Number(customerId))?.tags ?? [];
      const tags = [...current, "vip", "kizuna:hand-picked"];
      h.emulator.control.updateCustomer({ id: Number(customerId), tags });
    }
    for (const customerId of h.customerIds) manualTags.set(customerId, tagsOf(customerId));

    const summary = await pushToShopify(db(), h.shop, h.admin);
    expect(summary.mode).toBe("calls");
    expect(summary.customersChanged).toBe(h.customerIds.length);
    expect(summary.failed).toEqual([]);

    for (const customerId of h.customerIds) {
      const segment = segmentOf.get(customerId) ?? "";
      const expected = [...(manualTags.get(customerId) ?? []), ...(TAGGED.has(segment) ? [`kizuna:${segment}`] : [])].sort();
      expect(tagsOf(customerId)).toEqual(expected);
      expect(kizunaMetafields(customerId)).toMatchObject({ segment, p_alive: expect.stringMatching(/^0\.\d{4}$/) });
    }
    const first = h.customerIds[0];
    expect(kizunaMetafields(first)).toEqual({
      segment: "champions",
      rfm_score: "514",
      predicted_clv: "10000",
      p_alive: "0.5000",
      churn_risk: "0.5000",
      future_loyal: "false",
    });
    const definitions = h.emulator.control.pushed().metafieldDefinitions;
    expect(definitions.map((d) => d.key).sort()).toEqual(
      [
        "p_alive",
        "churn_risk",
        "future_loyal",
        "points_balance",
        "predicted_clv",
        "rfm_score",
        "segment",
        "tier",
        "tier_name",
        "tier_progress",
      ].sort(),
    );
    const run = await db().syncRun.findFirst({ where: { shopId: h.shop.id, kind: "push" }, orderBy: { id: "desc" } });
    expect(run).toMatchObject({ status: "completed", rowsDone: h.customerIds.length, rowsTotal: h.customerIds.length });
    expect(await pushStateOf(db(), h.shop, first)).toMatchObject({ tags: ["kizuna:champions"] });
  });

  it("sends no mutation when nothing changed", async () => {
    const before = h.emulator.control.calls().length;
    const summary = await pushToShopify(db(), h.shop, h.admin);
    expect(summary).toMatchObject({ mode: "none", customersChanged: 0 });
    expect(h.emulator.control.calls().slice(before)).toEqual([]);
  });

  it("moves tags when segments change, removing only tags Kizuna pushed", async () => {
    const [a, b, c] = h.customerIds; // champions, loyal, at_risk
    await writeMetrics(h.shop, a, { segment: "at_risk", rfm: [5, 1, 4], predictedClv12mMinor: 10_000, pAlive: 0.5 });
    await writeMetrics(h.shop, b, { segment: "hibernating", rfm: [5, 2, 4], predictedClv12mMinor: 10_001, pAlive: 0.51 });
    await writeMetrics(h.shop, c, { segment: "at_risk", rfm: [5, 3, 4], predictedClv12mMinor: 20_000, pAlive: 0.52 });
    const before = h.emulator.control.calls().length;
    const summary = await pushToShopify(db(), h.shop, h.admin);
    expect(summary).toMatchObject({ mode: "calls", customersChanged: 3, tagsAdded: 1, tagsRemoved: 2 });
    const calls = h.emulator.control.calls().slice(before);
    expect(calls.filter((call) => call.field === "tagsAdd").map((call) => call.args)).toEqual([
      { id: gidOf(a), tags: ["kizuna:at_risk"] },
    ]);
    expect(calls.filter((call) => call.field === "tagsRemove").map((call) => call.args)).toEqual([
      { id: gidOf(a), tags: ["kizuna:champions"] },
      { id: gidOf(b), tags: ["kizuna:loyal"] },
    ]);
    // one metafieldsSet for the three customers' changed values only (a: segment; b: segment; c: predicted_clv)
    const sets = calls.filter((call) => call.field === "metafieldsSet");
    expect(sets).toHaveLength(1);
    expect((sets[0].args.metafields as { key: string }[]).map((m) => m.key)).toEqual(["segment", "segment", "predicted_clv"]);
    expect(tagsOf(a)).toEqual(
      [
        "kizuna:at_risk",
        "kizuna:hand-picked",
        "vip",
        ...(manualTags.get(a) ?? []).filter((t) => t !== "vip" && t !== "kizuna:hand-picked"),
      ].sort(),
    );
    expect(tagsOf(b)).toEqual(manualTags.get(b));
    expect(kizunaMetafields(c).predicted_clv).toBe("20000");
  });

  it("skips a customer deleted in Shopify meanwhile", async () => {
    const gone = h.customerIds[5]; // cant_lose_them
    const kept = h.customerIds[6];
    h.emulator.control.deleteCustomer({ id: Number(gone), force: true });
    await writeMetrics(h.shop, gone, { segment: "champions", pAlive: 0.9, predictedClv12mMinor: 1 });
    await writeMetrics(h.shop, kept, { segment: "champions", pAlive: 0.9, predictedClv12mMinor: 1 });
    const summary = await pushToShopify(db(), h.shop, h.admin);
    expect(summary.skippedCustomerIds).toEqual([gone]);
    expect(summary.failed).toEqual([]);
    expect(tagsOf(kept)).toContain("kizuna:champions");
    expect(kizunaMetafields(kept).segment).toBe("champions");
    expect(await pushStateOf(db(), h.shop, gone)).toBeNull();
    // the customers/delete webhook then marks the copy deleted: later pushes leave the customer out
    await db().customer.update({ where: { shopId_id: { shopId: h.shop.id, id: gone } }, data: { deletedAt: new Date() } });
    expect((await pushToShopify(db(), h.shop, h.admin)).mode).toBe("none");
  });

  it("goes through bulk mutations above the threshold, with the same result", async () => {
    for (const [index, customerId] of h.customerIds.entries()) {
      if (index === 5) continue;
      await writeMetrics(h.shop, customerId, { segment: "loyal", rfm: [4, 4, 4], pAlive: 0.7, predictedClv12mMinor: 5000 });
    }
    const before = h.emulator.control.calls().length;
    const summary = await pushToShopify(db(), h.shop, h.admin, { bulkThreshold: 3, bulk: { pollMs: 10 } });
    expect(summary.mode).toBe("bulk");
    expect(summary.failed).toEqual([]);
    const fields = new Set(
      h.emulator.control
        .calls()
        .slice(before)
        .map((call) => call.field),
    );
    expect(fields).toContain("bulkOperationRunMutation");
    expect(fields).toContain("stagedUploadsCreate");
    for (const [index, customerId] of h.customerIds.entries()) {
      if (index === 5) continue;
      const kizunaTags = tagsOf(customerId).filter((tag) => tag.startsWith("kizuna:") && tag !== "kizuna:hand-picked");
      expect(kizunaTags).toEqual(["kizuna:loyal"]);
      expect(kizunaMetafields(customerId)).toMatchObject({ segment: "loyal", rfm_score: "444", p_alive: "0.7000" });
      if (index < 4) expect(tagsOf(customerId)).toEqual(expect.arrayContaining(["vip", "kizuna:hand-picked"]));
    }
    const again = h.emulator.control.calls().length;
    expect((await pushToShopify(db(), h.shop, h.admin, { bulkThreshold: 3 })).mode).toBe("none");
    expect(h.emulator.control.calls().length).toBe(again);
  });

  it("writes metafields 25 per call and creates definitions once", async () => {
    const values = h.customerIds
      .slice(3, 8)
      .flatMap((customerId) =>
        Array.from({ length: 6 }, (_, k) => ({ customerId, key: `probe_${k}`, type: "number_integer", value: String(k) })),
      );
    const before = h.emulator.control.calls({ field: "metafieldsSet" }).length;
    const result = await setCustomerMetafields(h.admin, values);
    // customer 5 was deleted: metafieldsSet is atomic, so its batch is sent again without it
    expect(result.skippedCustomerIds).toEqual([h.customerIds[5]]);
    const sets = h.emulator.control.calls({ field: "metafieldsSet" }).slice(before);
    expect(sets.map((call) => (call.args.metafields as unknown[]).length)).toEqual([25, 19, 5]);
    const definitions = h.emulator.control.pushed().metafieldDefinitions.length;
    await ensureKizunaMetafieldDefinitions(h.admin);
    expect(h.emulator.control.pushed().metafieldDefinitions.length).toBe(definitions);
    expect(h.emulator.control.calls({ field: "metafieldDefinitionCreate" })).toHaveLength(10);
  });
});
