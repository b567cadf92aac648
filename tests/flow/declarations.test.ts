import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { evaluateSignals, type RecordedSignals } from "../../app/domain/flow/evaluate";
import { type CustomerSignals, FLOW_TRIGGER_KINDS, FLOW_TRIGGERS, flowPayload } from "../../app/domain/flow/triggers";
import { flowPayloadErrors, loadFlowExtensions } from "../../emulator/graphql/flow";

/**
 * The trigger and action extensions as Shopify reads them (extensions/kizuna-flow-*), the payloads Kizuna builds
 * for them, and the pure comparison that decides which trigger fires.
 */
const root = path.resolve(import.meta.dirname, "../..");
const extensions = loadFlowExtensions(path.join(root, "extensions"));

const signals = (overrides: Partial<CustomerSignals> = {}): CustomerSignals => ({
  customerId: 1001n,
  segment: "loyal",
  pAlive: 0.8,
  predictedClv12mMinor: 12_000,
  futureLoyalScore: null,
  pointsBalance: 300,
  tier: "silver",
  ...overrides,
});

describe("the Flow extensions", () => {
  it("declare one trigger per kind, with the fields Kizuna's payloads carry", () => {
    for (const kind of FLOW_TRIGGER_KINDS) {
      const definition = FLOW_TRIGGERS[kind];
      const extension = extensions.find((e) => e.type === "flow_trigger" && e.handle === definition.handle);
      expect(extension, definition.handle).toBeDefined();
      expect(extension?.folder).toBe(definition.folder);
      expect(extension?.fields.map((f) => [f.key, f.type])).toEqual(definition.fields.map((f) => [f.key, f.type]));
    }
    expect(extensions.filter((e) => e.type === "flow_trigger")).toHaveLength(FLOW_TRIGGER_KINDS.length);
  });

  it("follow Shopify's rules for handles and declare a customer reference", () => {
    for (const extension of extensions) {
      expect(extension.handle).toMatch(/^[a-z0-9-]{1,30}$/);
      expect(extension.fields.filter((f) => f.type === "customer_reference")).toHaveLength(1);
      const file = readFileSync(path.join(root, "extensions", extension.folder, "shopify.extension.toml"), "utf8");
      expect((parse(file) as { api_version?: string }).api_version).toBe("2026-07");
    }
  });

  it("declare the two actions with their runtime paths", () => {
    const actions = extensions.filter((e) => e.type === "flow_action");
    expect(actions.map((a) => [a.handle, a.runtimeUrl && new URL(a.runtimeUrl).pathname]).sort()).toEqual([
      ["kizuna-award-points", "/flow/actions/award-points"],
      ["kizuna-start-journey", "/flow/actions/start-journey"],
    ]);
  });

  it("accept the payload Kizuna builds for every trigger, and refuse one that differs", () => {
    const extras: Record<string, Record<string, string | number>> = {
      "segment-changed": { "Previous segment": "champions" },
      "future-loyal": { "Future loyal score": 0.72 },
      "churn-risk": { "Churn risk": 0.75, "Churn risk threshold": 0.7 },
      "tier-changed": { "Previous tier": "gold" },
      "points-expiring": { "Points expiring": 300, "Expires on": "2026-07-01", "Days left": 5 },
      "journey-step": { "Journey ID": 4, Journey: "初回購入フォロー", Step: 2 },
    };
    for (const kind of FLOW_TRIGGER_KINDS) {
      const extension = extensions.find((e) => e.handle === FLOW_TRIGGERS[kind].handle);
      const payload = flowPayload(kind, signals(), "JPY", extras[kind]);
      expect(
        flowPayloadErrors(extension?.fields ?? [], payload, () => true),
        kind,
      ).toEqual([]);
      const { Segment: _segment, ...missing } = payload;
      expect(flowPayloadErrors(extension?.fields ?? [], missing, () => true)).toEqual(["Segment is required"]);
      expect(flowPayloadErrors(extension?.fields ?? [], { ...payload, "Points balance": "300" }, () => true)).toEqual([
        "Points balance must be a number",
      ]);
      expect(flowPayloadErrors(extension?.fields ?? [], { ...payload, extra: 1 }, () => true)).toEqual([
        "extra is not a field of this trigger",
      ]);
      expect(flowPayloadErrors(extension?.fields ?? [], payload, () => false)).toEqual([
        "customer_id: customer 1001 does not exist",
      ]);
    }
  });

  it("carries money in the currency's major unit", () => {
    expect(flowPayload("tier-changed", signals(), "JPY", { "Previous tier": "gold" })["Predicted CLV"]).toBe(12_000);
    expect(flowPayload("tier-changed", signals(), "USD", { "Previous tier": "gold" })["Predicted CLV"]).toBe(120);
  });
});

describe("which trigger fires", () => {
  const options = { churnRiskThreshold: 0.7, currency: "JPY", baseline: false };
  const recorded = (over: Partial<RecordedSignals> = {}): RecordedSignals => ({
    segment: "loyal",
    futureLoyal: false,
    churnRisk: false,
    tier: "silver",
    version: 1_700_000_000_000,
    ...over,
  });

  it("nothing, and no state written, when nothing changed", () => {
    const result = evaluateSignals([signals()], new Map([[1001n, recorded()]]), options);
    expect(result).toEqual({ events: [], states: [] });
  });

  it("a customer seen for the first time is recorded without firing", () => {
    const result = evaluateSignals([signals({ futureLoyalScore: 0.9, pAlive: 0.1 })], new Map(), options);
    expect(result.events).toEqual([]);
    expect(result.states).toEqual([
      { customerId: 1001n, segment: "loyal", futureLoyal: true, churnRisk: true, tier: "silver", existed: false },
    ]);
  });

  it("each real change fires its trigger once, keyed by the state it moved from", () => {
    const now = signals({ segment: "at_risk", futureLoyalScore: 0.8, pAlive: 0.25, tier: "gold" });
    const result = evaluateSignals([now], new Map([[1001n, recorded()]]), options);
    expect(result.events.map((e) => [e.trigger, e.key])).toEqual([
      ["segment-changed", "segment-changed:1001:1700000000000"],
      ["future-loyal", "future-loyal:1001:1700000000000"],
      ["churn-risk", "churn-risk:1001:1700000000000"],
      ["tier-changed", "tier-changed:1001:1700000000000"],
    ]);
    expect(result.events[0].payload).toMatchObject({ customer_id: 1001, Segment: "at_risk", "Previous segment": "loyal" });
    expect(result.events[2].payload).toMatchObject({ "Churn risk": 0.75, "Churn risk threshold": 0.7 });
    // the state written with them: the same signals evaluated again fire nothing
    const after = new Map([[1001n, { ...result.states[0], version: 1_700_000_000_500 }]]);
    expect(evaluateSignals([now], after, options).events).toEqual([]);
  });

  it("churn risk fires on crossing the threshold, not while it stays above, and again after falling back", () => {
    const above = evaluateSignals([signals({ pAlive: 0.3 })], new Map([[1001n, recorded({ churnRisk: true })]]), options);
    expect(above.events).toEqual([]);
    const fell = evaluateSignals([signals({ pAlive: 0.5 })], new Map([[1001n, recorded({ churnRisk: true })]]), options);
    expect(fell.events).toEqual([]);
    expect(fell.states[0].churnRisk).toBe(false);
    const again = evaluateSignals(
      [signals({ pAlive: 0.3 })],
      new Map([[1001n, recorded({ churnRisk: false, version: 2 })]]),
      options,
    );
    expect(again.events.map((e) => e.key)).toEqual(["churn-risk:1001:2"]);
  });

  it("no prediction is no churn risk; a first tier is recorded, not fired", () => {
    const result = evaluateSignals(
      [signals({ pAlive: null, tier: "bronze" })],
      new Map([[1001n, recorded({ tier: null })]]),
      options,
    );
    expect(result.events).toEqual([]);
    expect(result.states[0]).toMatchObject({ churnRisk: false, tier: "bronze" });
  });

  it("the shop's first evaluation records every customer and fires nothing", () => {
    const result = evaluateSignals([signals({ segment: "at_risk" })], new Map([[1001n, recorded()]]), {
      ...options,
      baseline: true,
    });
    expect(result.events).toEqual([]);
    expect(result.states).toHaveLength(1);
  });
});
