import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { pushToShopify } from "../../app/pushback/push.server";
import { countSegmentMembers } from "../../app/shopify/customer-segments.server";
import { ensureKizunaMetafieldDefinitions, KIZUNA_CUSTOMER_METAFIELDS } from "../../app/shopify/metafield-definitions.server";
import { METAFIELD_DEFINITION_CREATE_FILTERABLE_MUTATION } from "../../app/shopify/operations/segments";
import { type ShopHarness, startShopHarness, writeMetrics } from "../pushback/harness";

/**
 * The `$app:kizuna` customer metafield definitions (decision 027): created once with the push's types and
 * the admin-filterable capability, a definition of another type reported and left alone, and the values
 * the push writes filterable in a segment query once the definitions exist.
 */
let h: ShopHarness;

beforeAll(async () => {
  h = await startShopHarness({ customers: 12, seed: 2701 });
});
afterAll(() => h.stop());

const definitionMutations = () =>
  h.emulator.control.calls().filter((call) => call.field.startsWith("metafieldDefinition")).length;

function definitionsInShopify() {
  return h.emulator.control.pushed().metafieldDefinitions.filter((d) => d.namespace.endsWith("--kizuna"));
}

describe("the $app:kizuna metafield definitions", () => {
  it("refuses a segment filter on Kizuna's values before any definition exists", async () => {
    await expect(countSegmentMembers(h.admin, "metafields.app--1--kizuna.segment = 'champions'")).rejects.toThrow(
      /not a valid filter/,
    );
  });

  it("are created once, with the push's types and the filter capability where Shopify allows it", async () => {
    const first = await ensureKizunaMetafieldDefinitions(h.admin);
    expect(first.created).toEqual(KIZUNA_CUSTOMER_METAFIELDS.map((d) => d.key));
    expect(first.wrongType).toEqual([]);
    expect(first.failed).toEqual([]);
    expect(first.namespace).toMatch(/^app--\d+--kizuna$/);
    const byKey = new Map(definitionsInShopify().map((d) => [d.key, d]));
    expect(byKey.get("churn_risk")).toMatchObject({ type: "number_decimal", adminFilterable: true });
    expect(byKey.get("future_loyal")).toMatchObject({ type: "boolean", adminFilterable: true });
    expect(byKey.get("segment")).toMatchObject({ type: "single_line_text_field", adminFilterable: true });
    // JSON cannot be filtered on in Shopify: created without the capability, not refused
    expect(byKey.get("tier_progress")).toMatchObject({ type: "json", adminFilterable: false });

    const mutationsBefore = definitionMutations();
    const second = await ensureKizunaMetafieldDefinitions(h.admin);
    expect(definitionMutations()).toBe(mutationsBefore);
    expect(second.created).toEqual([]);
    expect(second.madeFilterable).toEqual([]);
    expect(second.unchanged).toHaveLength(KIZUNA_CUSTOMER_METAFIELDS.length);
    expect(second.namespace).toBe(first.namespace);
  });

  it("makes the values the push writes filterable in a Shopify segment query", async () => {
    const [a, b, c, d] = h.customerIds;
    await writeMetrics(h.shop, a, { segment: "champions", rfm: [5, 5, 5], pAlive: 0.95, futureLoyalScore: null });
    await writeMetrics(h.shop, b, { segment: "champions", rfm: [5, 4, 5], pAlive: 0.2, futureLoyalScore: 0.8 });
    await writeMetrics(h.shop, c, { segment: "at_risk", rfm: [2, 4, 4], pAlive: 0.25, futureLoyalScore: null });
    await writeMetrics(h.shop, d, { segment: "new", rfm: [5, 1, 1], pAlive: 0.9, futureLoyalScore: 0.6 });
    const summary = await pushToShopify(db(), h.shop, h.admin);
    expect(summary.failed).toEqual([]);

    const namespace = (await ensureKizunaMetafieldDefinitions(h.admin)).namespace;
    const count = (query: string) => countSegmentMembers(h.admin, query);
    expect(await count(`metafields.${namespace}.segment = 'champions'`)).toBe(2);
    expect(await count(`metafields.${namespace}.churn_risk >= 0.7`)).toBe(2); // b and c
    expect(await count(`metafields.${namespace}.future_loyal IS TRUE`)).toBe(2); // b and d
    expect(await count(`metafields.${namespace}.segment = 'champions' AND metafields.${namespace}.future_loyal IS TRUE`)).toBe(1);
    expect(await count(`metafields.${namespace}.segment IS NOT NULL`)).toBe(4);
  });
});

describe("definitions made before this version", () => {
  let other: ShopHarness;
  beforeAll(async () => {
    other = await startShopHarness({ customers: 2, seed: 2702 });
  });
  afterAll(() => other.stop());

  const define = (key: string, type: string) =>
    other.admin.request(
      METAFIELD_DEFINITION_CREATE_FILTERABLE_MUTATION,
      { definition: { name: key, namespace: "$app:kizuna", key, type, ownerType: "CUSTOMER" } },
      10,
    );

  it("gets the filter capability, and a definition of another type is reported, not replaced", async () => {
    await define("segment", "single_line_text_field"); // as an earlier version made it: no capability
    await define("p_alive", "single_line_text_field"); // made by hand with the wrong type
    const report = await ensureKizunaMetafieldDefinitions(other.admin);
    expect(report.madeFilterable).toEqual(["segment"]);
    expect(report.wrongType).toEqual([{ key: "p_alive", expected: "number_decimal", actual: "single_line_text_field" }]);
    expect(report.created).not.toContain("p_alive");
    const pAlive = other.emulator.control.pushed().metafieldDefinitions.filter((d) => d.key === "p_alive");
    expect(pAlive).toEqual([expect.objectContaining({ type: "single_line_text_field" })]);
    const updates = other.emulator.control.calls({ field: "metafieldDefinitionUpdate" });
    expect(updates.map((call) => (call.args.definition as { key: string }).key)).toEqual(["segment"]);
  });
});
